import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadDemoData } from '../../src/demo/load-demo';
import type { OutboundMessage, PersonInput } from '../../src/engine/types';
import { createTestBot, FIXED_NOW, ROOT } from '../support/bot';
import { compact, inputOf, type Transcript } from '../support/transcript';

const DIR = path.join(__dirname, '..', 'transcripts');
const UPDATE = process.env.UPDATE_TRANSCRIPTS === '1';

const decodeRef = (ref: string): PersonInput => ({ type: 'start', shareRef: ref });

describe('conversation transcripts', () => {
  const files = fs
    .readdirSync(DIR)
    .filter((name) => name.endsWith('.yaml'))
    .sort();

  it('has transcripts to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)('%s', async (file) => {
    const transcript = parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Transcript;
    const bot = createTestBot();
    await loadDemoData(bot.store, path.join(ROOT, 'src', 'demo', 'catalogue.yaml'), {
      now: FIXED_NOW,
      timezone: 'Europe/Paris',
      mediaBaseUrl: 'https://bot.example/media/demo',
    });
    const lastByPerson = new Map<string, OutboundMessage[]>();
    try {
      for (const [index, step] of transcript.steps.entries()) {
        const person = step.as ?? 'person-1';
        const input = inputOf(step, lastByPerson.get(person) ?? [], decodeRef);
        const replies = await bot.send(input, { externalId: person });
        lastByPerson.set(person, replies);
        if (UPDATE) step.expect = compact(replies);
        else
          expect({ step: index + 1, replies: compact(replies) }).toEqual({
            step: index + 1,
            replies: step.expect ?? [],
          });
      }
    } finally {
      // Written even when a step fails, so the replies so far show what went wrong.
      if (UPDATE) fs.writeFileSync(path.join(DIR, file), stringify(transcript, { lineWidth: 0 }));
    }
  });
});
