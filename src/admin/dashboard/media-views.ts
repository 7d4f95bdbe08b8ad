/** The media page: the upload form, then the association's files, each with the address to paste. */
import type { MediaFile } from '../../domain/ports';
import { csrfField, html, localTime, select, type Html, type Page } from './html';

export function mediaPage(
  page: Page,
  files: Array<MediaFile & { url: string }>,
  organisations: Array<[string, string]> | undefined,
  organisationId: string | undefined,
): Html {
  const { t } = page;
  const organisation = organisations
    ? select({
        name: 'organisationId',
        label: t('organisation.organisation'),
        value: organisationId ?? '',
        choices: organisations,
      })
    : '';
  const form = html`<form method="post" action="/admin/media" enctype="multipart/form-data" class="form">${[
    csrfField(page),
  ]}
${organisation}
<div class="field"><label for="f-file">${t('media.file')}</label>
<p class="note" id="f-file-hint">${t('media.rules')}</p>
<input id="f-file" name="file" type="file" required accept="image/jpeg,image/png,image/webp,video/mp4"
aria-describedby="f-file-hint"></div>
<p><button type="submit">${t('media.upload')}</button></p></form>`;
  const item = (file: MediaFile & { url: string }) => {
    const preview =
      file.contentType === 'video/mp4'
        ? html`<span class="badge">${t('media.video')}</span>`
        : html`<img src="${file.url}" alt="" loading="lazy" width="120">`;
    return html`<li class="card media-file">${preview}<p><strong>${file.name}</strong> · ${[
      html`${Math.ceil(file.size / 1024)} ${t('media.kb')} · ${localTime(page, file.createdAt)}</p>`,
    ]}
<label for="url-${file.id}">${t('media.address')}</label>
<input id="url-${file.id}" type="url" readonly value="${file.url}"></li>`;
  };
  const list = files.length === 0 ? html`<p>${t('media.empty')}</p>` : html`<ul class="cards">${files.map(item)}</ul>`;
  return html`<p>${t('media.intro')}</p>${form}<h2>${t('media.files')}</h2>${list}`;
}
