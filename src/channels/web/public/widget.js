/*
 * The chat button for an association's website:
 *   <script src="<PUBLIC_URL>/widget.js" data-association="<id>" async></script>
 * It opens the web chat in a panel, starting on that association's opportunities. Nothing is loaded
 * from the bot before the button is pressed, and nothing is read from or written to the host page.
 * The site must be listed in WIDGET_ORIGINS, or the browser refuses to show the chat in its frame.
 * Written for every browser a school computer may run: no modules, no build step.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !script.src) return;
  var base = new URL(script.src).origin;
  var association = script.getAttribute('data-association') || '';
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(association)) return;
  var asked = script.getAttribute('data-lang') || document.documentElement.lang || navigator.language || 'fr';
  var lang = /^en/i.test(asked) ? 'en' : 'fr';
  // Filled in by the server from locales/<language>/bot.json ("widget").
  var texts = /*TEXTS*/ {}[lang];
  var brand = script.getAttribute('data-color') || '#1d4ed8';

  var host = document.createElement('div');
  host.setAttribute('data-mobilisation-widget', association);
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = texts.open;
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', 'mobilisation-chat');
  style(button, {
    position: 'fixed',
    right: '16px',
    bottom: '16px',
    zIndex: '2147483000',
    padding: '12px 18px',
    border: '0',
    borderRadius: '999px',
    background: brand,
    color: '#fff',
    font: '600 16px/1.2 system-ui, sans-serif',
    boxShadow: '0 4px 14px rgba(0,0,0,.25)',
    cursor: 'pointer',
  });

  var panel = document.createElement('div');
  panel.id = 'mobilisation-chat';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', texts.title);
  panel.hidden = true;
  var narrow = window.matchMedia && window.matchMedia('(max-width: 480px)').matches;
  style(panel, {
    position: 'fixed',
    right: narrow ? '0' : '16px',
    bottom: narrow ? '0' : '80px',
    width: narrow ? '100vw' : 'min(400px, calc(100vw - 32px))',
    height: narrow ? '100dvh' : 'min(640px, calc(100vh - 112px))',
    zIndex: '2147483001',
    background: '#fff',
    borderRadius: narrow ? '0' : '12px',
    boxShadow: '0 8px 30px rgba(0,0,0,.3)',
    overflow: 'hidden',
    flexDirection: 'column',
  });

  var close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', texts.close);
  style(close, {
    alignSelf: 'flex-end',
    margin: '4px',
    width: '44px',
    height: '44px',
    border: '0',
    background: 'transparent',
    font: '28px/1 system-ui, sans-serif',
    cursor: 'pointer',
  });
  panel.appendChild(close);

  var frame;
  function open() {
    if (!frame) {
      // Created on the first press only: a visit to the website alone tells the bot nothing.
      frame = document.createElement('iframe');
      frame.title = texts.title;
      frame.src = base + '/chat?lang=' + lang + '&start=a' + association;
      frame.setAttribute('allow', 'clipboard-write');
      style(frame, { flex: '1', width: '100%', border: '0' });
      panel.appendChild(frame);
    }
    panel.hidden = false;
    panel.style.display = 'flex';
    button.setAttribute('aria-expanded', 'true');
    frame.focus();
  }
  function shut() {
    panel.hidden = true;
    panel.style.display = 'none';
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }
  button.addEventListener('click', function () {
    if (panel.hidden) open();
    else shut();
  });
  close.addEventListener('click', shut);
  // Escape pressed inside the chat, which tells the page (it is another origin's frame).
  window.addEventListener('message', function (event) {
    if (frame && event.source === frame.contentWindow && event.origin === base && event.data === 'mobilisation:close')
      shut();
  });
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') shut();
  });

  function style(element, properties) {
    for (var name in properties) element.style[name] = properties[name];
  }

  root.appendChild(panel);
  root.appendChild(button);
  function attach() {
    document.body.appendChild(host);
  }
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
})();
