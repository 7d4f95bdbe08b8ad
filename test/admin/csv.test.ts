/** The CSV exports: what a spreadsheet opens as the same cells, and never as a formula. */
import { toCsv } from '../../src/admin/csv';

describe('CSV export', () => {
  it('quotes cells holding a separator, a quote or a line break, and neutralises formulas', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['Léa; Tom', 'dit "bonjour"'],
        ['ligne\nsuivante', '=HYPERLINK("http://evil")'],
        ['+33 6', '@SUM(1)'],
        [null, 12],
      ],
    );
    expect(csv).toBe(
      'a,b\r\n' +
        '"Léa; Tom","dit ""bonjour"""\r\n' +
        '"ligne\nsuivante","\'=HYPERLINK(""http://evil"")"\r\n' +
        "'+33 6,'@SUM(1)\r\n" +
        ',12\r\n',
    );
  });
});
