// The web chat client: no framework, no build. Every text from the server is inserted as text,
// never as HTML. The visitor id in localStorage is this browser's identity on the web channel.
(function () {
  'use strict';

  var VISITOR_KEY = 'mobot.visitorId';
  var HISTORY_KEY = 'mobot.history';
  var HISTORY_LIMIT = 60;
  var MAILBOX_KEY = 'mobot.mailboxAfter';
  var LOCALE_KEY = 'mobot.locale';
  // Reminders and alerts wait on the server; an open page looks for them this often.
  var POLL_MS = 30000;

  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var typing = document.getElementById('typing');
  var errorBox = document.getElementById('error');
  var retryButton = document.getElementById('retry');
  var errorText = document.getElementById('error-text');
  var notice = document.getElementById('notice');
  var menuButton = document.getElementById('menu');
  var pending = null;
  // Written while the bot was still answering: sent in order once it has, never dropped.
  var queued = [];
  var busy = false;
  var noticeTimer = null;

  // The page's words in every language, so it follows the conversation's language without a reload.
  var uiTexts = {};
  try {
    uiTexts = JSON.parse(document.getElementById('ui-texts').textContent || '{}');
  } catch (e) {
    uiTexts = {};
  }
  var locale = document.documentElement.lang;

  function ui(key) {
    return (uiTexts[locale] || {})[key] || '';
  }

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, '');
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (b) {
        return ('0' + b.toString(16)).slice(-2);
      })
      .join('');
  }

  function storage(key, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(key);
      window.localStorage.setItem(key, value);
    } catch (e) {
      /* private mode: the conversation still works, it just won't be remembered */
    }
    return null;
  }

  function applyLocale(next) {
    if (!next || !uiTexts[next]) return;
    locale = next;
    document.documentElement.lang = next;
    document.title = ui('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-text]'), function (element) {
      element.textContent = ui(element.dataset.text);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-placeholder]'), function (element) {
      element.placeholder = ui(element.dataset.placeholder);
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-label]'), function (element) {
      element.setAttribute('aria-label', ui(element.dataset.label));
    });
    var manifest = document.querySelector('link[rel="manifest"]');
    if (manifest) manifest.href = '/chat/manifest.webmanifest?lang=' + next;
    storage(LOCALE_KEY, next);
  }

  // A short message under the conversation ("link copied"), read out by screen readers.
  function notify(text) {
    notice.textContent = text;
    notice.hidden = false;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      notice.hidden = true;
    }, 4000);
  }

  var storedLocale = storage(LOCALE_KEY);
  if (storedLocale && storedLocale !== locale) applyLocale(storedLocale);

  var visitorId = storage(VISITOR_KEY);
  if (!visitorId) {
    visitorId = randomId();
    storage(VISITOR_KEY, visitorId);
  }

  var history = [];
  try {
    history = JSON.parse(storage(HISTORY_KEY) || '[]');
  } catch (e) {
    history = [];
  }

  function remember(entry) {
    history.push(entry);
    if (history.length > HISTORY_LIMIT) history = history.slice(-HISTORY_LIMIT);
    storage(HISTORY_KEY, JSON.stringify(history));
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  // Turns http(s) links in a text into anchors, building DOM nodes, never HTML strings.
  function appendText(parent, text) {
    var pattern = /https?:\/\/[^\s<>"]+/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      var link = document.createElement('a');
      link.href = match[0];
      link.textContent = match[0];
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      parent.appendChild(link);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function bubble(side, text) {
    var row = document.createElement('div');
    row.className = 'row ' + side;
    var b = document.createElement('div');
    b.className = 'bubble';
    appendText(b, text);
    row.appendChild(b);
    log.appendChild(row);
    return row;
  }

  // The device's share sheet where there is one (phones), otherwise the link copied.
  function shareLink(url, title) {
    function copy() {
      if (!navigator.clipboard || !navigator.clipboard.writeText) return notify(ui('copy_failed'));
      navigator.clipboard.writeText(url).then(
        function () {
          notify(ui('copied'));
        },
        function () {
          notify(ui('copy_failed'));
        },
      );
    }
    if (!navigator.share) return copy();
    navigator.share({ title: title, url: url }).catch(function (error) {
      // Closing the share sheet is a choice, not a failure.
      if (!error || error.name !== 'AbortError') copy();
    });
  }

  function button(choice, className) {
    var element;
    if (choice.url && choice.share) {
      element = document.createElement('button');
      element.type = 'button';
      element.addEventListener('click', function () {
        shareLink(choice.url, choice.share.title);
      });
    } else if (choice.url) {
      element = document.createElement('a');
      element.href = choice.url;
      // The visitor's own data file downloads in place; other links open beside the chat.
      if (new URL(choice.url, window.location.href).pathname === '/chat/api/export') element.download = '';
      else {
        element.target = '_blank';
        element.rel = 'noopener noreferrer';
      }
    } else {
      element = document.createElement('button');
      element.type = 'button';
      element.addEventListener('click', function () {
        send({ payload: choice.payload }, choice.label);
      });
    }
    element.className = className;
    element.textContent = choice.label;
    return element;
  }

  function quickReplies(choices) {
    var row = document.createElement('div');
    row.className = 'choices';
    row.setAttribute('role', 'group');
    choices.forEach(function (choice) {
      row.appendChild(button(choice, 'choice'));
    });
    log.appendChild(row);
  }

  function scrollCards(strip, direction) {
    var card = strip.querySelector('.card');
    var step = card ? card.getBoundingClientRect().width + 10 : strip.clientWidth * 0.8;
    var smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    strip.scrollBy({ left: direction * step, behavior: smooth ? 'smooth' : 'auto' });
  }

  // Arrows for a mouse, arrow keys for a keyboard; a finger swipes.
  function arrow(strip, key, direction) {
    var element = document.createElement('button');
    element.type = 'button';
    element.className = 'cards-arrow cards-' + key;
    element.tabIndex = -1;
    element.dataset.label = key;
    element.setAttribute('aria-label', ui(key));
    element.textContent = direction < 0 ? '‹' : '›';
    element.addEventListener('click', function () {
      scrollCards(strip, direction);
    });
    return element;
  }

  function cards(list) {
    var wrap = document.createElement('div');
    wrap.className = 'cards-wrap';
    var strip = document.createElement('div');
    strip.className = 'cards';
    strip.tabIndex = 0;
    strip.setAttribute('role', 'region');
    strip.dataset.label = 'results';
    strip.setAttribute('aria-label', ui('results'));
    strip.addEventListener('keydown', function (event) {
      if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
      event.preventDefault();
      scrollCards(strip, event.key === 'ArrowRight' ? 1 : -1);
    });
    list.forEach(function (card) {
      var article = document.createElement('article');
      article.className = 'card';
      if (card.videoUrl) {
        var video = document.createElement('video');
        video.src = card.videoUrl;
        video.controls = true;
        video.preload = 'metadata';
        video.playsInline = true;
        article.appendChild(video);
        replaceWhenBroken(video, card.videoUrl);
      } else if (card.imageUrl) {
        var img = document.createElement('img');
        img.src = card.imageUrl;
        img.alt = '';
        img.loading = 'lazy';
        article.appendChild(img);
        // A card without its picture is still a card: the broken image just goes.
        img.addEventListener('error', function () {
          img.remove();
        });
      }
      var body = document.createElement('div');
      body.className = 'card-body';
      var title = document.createElement('h2');
      title.textContent = card.title;
      var subtitle = document.createElement('p');
      appendText(subtitle, card.subtitle);
      body.appendChild(title);
      body.appendChild(subtitle);
      article.appendChild(body);
      var actions = document.createElement('div');
      actions.className = 'card-actions';
      card.buttons.forEach(function (choice) {
        actions.appendChild(button(choice, 'card-button'));
      });
      article.appendChild(actions);
      strip.appendChild(article);
    });
    var controls = document.createElement('div');
    controls.className = 'cards-controls';
    var previous = arrow(strip, 'previous', -1);
    var next = arrow(strip, 'next', 1);
    function updateArrows() {
      var end = strip.scrollWidth - strip.clientWidth;
      controls.hidden = end <= 2;
      previous.disabled = strip.scrollLeft <= 2;
      next.disabled = strip.scrollLeft >= end - 2;
    }
    strip.addEventListener('scroll', updateArrows, { passive: true });
    window.addEventListener('resize', updateArrows);
    controls.appendChild(previous);
    controls.appendChild(next);
    wrap.appendChild(strip);
    wrap.appendChild(controls);
    log.appendChild(wrap);
    updateArrows();
  }

  // A picture or video the browser cannot load becomes its link, in a bubble.
  function replaceWhenBroken(element, url) {
    element.addEventListener('error', function () {
      var b = document.createElement('div');
      b.className = 'bubble';
      appendText(b, url);
      element.replaceWith(b);
    });
  }

  function media(message) {
    var row = document.createElement('div');
    row.className = 'row bot';
    var element = document.createElement(message.mediaType === 'video' ? 'video' : 'img');
    element.className = 'media';
    if (message.mediaType === 'video') {
      element.controls = true;
      element.preload = 'metadata';
      element.playsInline = true;
    } else element.alt = message.caption || '';
    replaceWhenBroken(element, message.url);
    element.src = message.url;
    row.appendChild(element);
    log.appendChild(row);
  }

  function show(message, replay) {
    if (message.kind === 'text') bubble('bot', message.text);
    else if (message.kind === 'cards') cards(message.cards);
    else if (message.kind === 'media') media(message);
    if (message.choices && message.choices.length) quickReplies(message.choices);
    if (!replay) remember({ bot: message });
  }

  // Quick replies belong to the latest message only, as in messaging apps.
  function clearQuickReplies() {
    Array.prototype.forEach.call(log.querySelectorAll('.choices'), function (row) {
      row.remove();
    });
  }

  function setBusy(value) {
    busy = value;
    typing.hidden = !value;
  }

  function sendNextQueued() {
    if (queued.length === 0) return;
    clearQuickReplies();
    pending = queued.shift();
    post(pending);
  }

  function post(body) {
    setBusy(true);
    errorBox.hidden = true;
    return fetch('/chat/api/messages', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
      .then(function (response) {
        if (response.status === 429) throw new Error('too fast');
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (reply) {
        pending = null;
        setBusy(false);
        if (reply.locale) applyLocale(reply.locale);
        // What was written after "oublie-moi" is forgotten with the rest, never sent under the old id.
        if (reply.forgotten) {
          queued = [];
          forgetEverything();
        }
        reply.messages.forEach(function (message) {
          show(message, reply.forgotten);
        });
        scrollDown();
        sendNextQueued();
      })
      .catch(function (error) {
        setBusy(false);
        // Too many messages at once is said kindly; anything else is a connection problem.
        var tooFast = error && error.message === 'too fast';
        errorText.textContent = ui(tooFast ? 'too_fast' : 'error');
        errorBox.hidden = false;
      });
  }

  // After "forget me": nothing of the conversation stays in this browser, on screen or in storage.
  // The next message comes from a new visitor id, unrelated to the old one.
  function forgetEverything() {
    [HISTORY_KEY, MAILBOX_KEY, VISITOR_KEY, LOCALE_KEY].forEach(function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (e) {
        /* private mode: nothing was stored */
      }
    });
    history = [];
    while (log.firstChild) log.removeChild(log.firstChild);
    visitorId = randomId();
    storage(VISITOR_KEY, visitorId);
  }

  function send(content, shownAs) {
    clearQuickReplies();
    if (shownAs) {
      bubble('me', shownAs);
      remember({ me: shownAs });
    }
    scrollDown();
    var body = { visitorId: visitorId, messageId: randomId(), locale: navigator.language };
    Object.keys(content).forEach(function (key) {
      body[key] = content[key];
    });
    queued.push(body);
    if (busy) return;
    // A message that failed goes first: writing again also retries it.
    if (pending) post(pending);
    else sendNextQueued();
  }

  // Same message id on retry: the server recognises it and answers it once.
  retryButton.addEventListener('click', function () {
    if (pending) post(pending);
  });

  menuButton.addEventListener('click', function () {
    send({ command: 'menu' }, ui('menu'));
  });

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text: text }, text);
  });

  history.forEach(function (entry) {
    if (entry.me) bubble('me', entry.me);
    else if (entry.bot) show(entry.bot, true);
  });
  // Old choices from the history stay visible only under the last bot message.
  var rows = log.querySelectorAll('.choices');
  for (var i = 0; i < rows.length - 1; i++) rows[i].remove();
  scrollDown();

  // Messages the bot wrote on its own (reminders, alerts), fetched when the page is open or shown again.
  function fetchMailbox() {
    if (document.hidden) return;
    var after = storage(MAILBOX_KEY);
    var query = '?visitorId=' + encodeURIComponent(visitorId) + (after ? '&after=' + encodeURIComponent(after) : '');
    fetch('/chat/api/updates' + query)
      .then(function (response) {
        return response.ok ? response.json() : { items: [] };
      })
      .then(function (reply) {
        if (!reply.items.length) return;
        clearQuickReplies();
        reply.items.forEach(function (item) {
          item.messages.forEach(function (message) {
            show(message, false);
          });
          storage(MAILBOX_KEY, item.id);
        });
        scrollDown();
      })
      .catch(function () {
        /* offline: the next poll tries again */
      });
  }

  // In a website's widget, Escape closes the panel: the page around the frame cannot hear keys pressed here.
  if (window.parent !== window) {
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') window.parent.postMessage('mobilisation:close', '*');
    });
  }

  var ref = new URLSearchParams(window.location.search).get('start');
  var link = new URLSearchParams(window.location.search).get('link');
  if (link) send({ start: { link: link } });
  else if (history.length === 0 || ref) send(ref ? { start: { ref: ref } } : { start: {} });
  fetchMailbox();
  window.setInterval(fetchMailbox, POLL_MS);
  document.addEventListener('visibilitychange', fetchMailbox);
})();
