/**
 * What a media address is, decided in one place: a picture or a video file the platforms can show
 * themselves, or the page of a video on a hosting site (YouTube, Vimeo, PeerTube), which is sent as
 * a link with its preview, never as a photo.
 */
export type MediaKind = 'image' | 'video' | 'video_page';

const IMAGE_FILE = /\.(jpe?g|png|webp|gif)$/i;
const VIDEO_FILE = /\.(mp4|webm|mov)$/i;

function isVideoPage(url: URL): boolean {
  const host = url.hostname.replace(/^(www|m)\./, '');
  if (host === 'youtu.be') return url.pathname.length > 1;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com')
    return url.pathname === '/watch' || /^\/(shorts|embed|live)\/[^/]+/.test(url.pathname);
  if (host === 'vimeo.com' || host === 'player.vimeo.com') return /\/\d+/.test(url.pathname);
  // PeerTube instances have their own names; their video pages have these paths.
  return /^\/(w|videos\/watch|videos\/embed)\/[A-Za-z0-9-]+/.test(url.pathname);
}

export function mediaKind(address: string): MediaKind | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (IMAGE_FILE.test(url.pathname)) return 'image';
  if (VIDEO_FILE.test(url.pathname)) return 'video';
  return isVideoPage(url) ? 'video_page' : undefined;
}
