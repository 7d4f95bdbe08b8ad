/** The sign-in and set-up forms carry a token matching the browser's form cookie: fetch the form first. */
export async function openForm(
  baseUrl: string,
  path: '/admin/login' | '/admin/setup',
  headers: Record<string, string> = {},
) {
  const page = await fetch(`${baseUrl}${path}`, { headers });
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  return { cookie, csrf };
}

/** Posts a sign-in or set-up form as a browser would: with the form cookie and its token. */
export async function postForm(
  baseUrl: string,
  path: '/admin/login' | '/admin/setup',
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const { cookie, csrf } = await openForm(baseUrl, path, headers);
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...headers },
    body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}
