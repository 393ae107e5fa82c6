import { TEXTS, type Texts } from './widget-i18n.ts';
import { STYLES } from './widget-styles.ts';

/**
 * Agora's live-chat widget. The bank adds one tag to its pages:
 *   <script src="https://agora.example/widget.js" data-agora-chat async></script>
 * It draws a launcher and a chat panel in a shadow root (the page's CSS stays out), keeps the
 * anonymous visitor by Agora's cookie, and talks to /chat/api (HTTP + one WebSocket).
 * No dependencies; text is always set with textContent, never parsed as HTML.
 */

interface ChatMessage {
  id: string;
  from: 'visitor' | 'agent';
  text: string;
  attachments: { type: 'image' | 'file'; url: string; name: string | null }[];
  at: string;
  agentName: string | null;
}
interface Session {
  visitorId: string;
  open: boolean;
  nextOpening: string | null;
  prechat: { enabled: boolean; done: boolean; topics: string[] };
  limits: { maxUploadBytes: number; types: string[] };
  messages: ChatMessage[];
}

const ICON_CHAT =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/></svg>';
const ICON_SEND =
  '<svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true"><path d="M3.4 20.4 21 12 3.4 3.6 3.3 10l12.7 2-12.7 2z"/></svg>';
const ICON_CLIP =
  '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="m21 11-8.6 8.6a5 5 0 0 1-7-7L14 4a3.3 3.3 0 0 1 4.7 4.7l-8.6 8.6a1.7 1.7 0 0 1-2.4-2.4L15.6 7"/></svg>';

type Attrs = Record<string, string | boolean | undefined>;
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null) node.append(child);
  return node;
}
/** Our own constant SVG icons only: never data. */
const icon = (svg: string) => {
  const span = el('span', { 'aria-hidden': 'true' });
  span.innerHTML = svg;
  return span.firstElementChild ?? span;
};

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement && current.hasAttribute('data-agora-chat')) return current;
  return document.querySelector<HTMLScriptElement>('script[data-agora-chat]');
}

function start() {
  const script = findScript();
  if (!script || document.getElementById('agora-chat')) return;
  const base = new URL('.', script.src);
  const api = (path: string) => new URL(path.replace(/^\//, ''), base).toString();
  const htmlLang = (script.dataset.lang || document.documentElement.lang || 'fr').toLowerCase();
  const lang: 'fr' | 'en' = htmlLang.startsWith('en') ? 'en' : 'fr';
  const t: Texts = TEXTS[lang];

  const host = el('div', { id: 'agora-chat' });
  const shadow = host.attachShadow({ mode: 'open' });
  // A constructed stylesheet is not subject to the page's CSP style-src: the bank need not
  // allow 'unsafe-inline' for us. Older browsers get a <style> element.
  if ('adoptedStyleSheets' in shadow && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.append(el('style', { text: STYLES }));
  }
  const root = el('div', { class: 'root', lang });
  shadow.append(root);
  document.body.append(host);

  // --- layout -------------------------------------------------------------------------------
  const dot = el('span', { class: 'dot', hidden: true, 'aria-hidden': 'true' });
  const launcherText = el('span', { text: t.launcher });
  const launcher = el(
    'button',
    {
      class: 'launcher',
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': 'agora-chat-panel',
      'aria-label': t.launcherLabel,
      'data-testid': 'chat-launcher',
    },
    icon(ICON_CHAT),
    launcherText,
    dot,
  );
  const statusLine = el('p', { class: 'status', text: t.online });
  const closeButton = el('button', { class: 'close', type: 'button', 'aria-label': t.close, text: '×' });
  const body = el('div', { class: 'body' });
  const panel = el(
    'section',
    {
      class: 'panel',
      id: 'agora-chat-panel',
      role: 'dialog',
      'aria-modal': 'false',
      'aria-labelledby': 'agora-chat-title',
      hidden: true,
      'data-testid': 'chat-panel',
    },
    el(
      'div',
      { class: 'head' },
      el('div', { class: 'avatar', 'aria-hidden': 'true', text: 'BE' }),
      el('div', {}, el('h2', { id: 'agora-chat-title', text: t.title }), statusLine),
      closeButton,
    ),
    body,
  );
  root.append(launcher, panel);

  const log = el('ol', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.title, 'data-testid': 'chat-log' });
  const typing = el('div', { class: 'typing', 'aria-live': 'polite', 'data-testid': 'chat-typing' });
  const errorLine = el('p', { class: 'error', role: 'alert', 'data-testid': 'chat-error' });
  const input = el('textarea', { id: 'agora-chat-input', rows: '1', placeholder: t.placeholder, 'data-testid': 'chat-input' });
  const fileInput = el('input', {
    type: 'file',
    class: 'sr-only',
    tabindex: '-1',
    'aria-hidden': 'true',
    accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf',
  });
  const attachButton = el('button', { class: 'icon-btn', type: 'button', 'aria-label': t.attach, title: t.attach }, icon(ICON_CLIP));
  const sendButton = el(
    'button',
    { class: 'icon-btn send', type: 'submit', 'aria-label': t.send, title: t.send, 'data-testid': 'chat-send' },
    icon(ICON_SEND),
  );
  const composer = el(
    'form',
    { class: 'composer' },
    el('label', { class: 'sr-only', for: 'agora-chat-input', text: t.messageLabel }),
    input,
    fileInput,
    attachButton,
    sendButton,
  );

  // --- state --------------------------------------------------------------------------------
  let session: Session | null = null;
  let socket: WebSocket | null = null;
  let reconnectAttempt = 0;
  let lastTypingSent = 0;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const shown = new Map<string, HTMLLIElement>();

  const request = async <T>(method: string, path: string, payload?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const isFile = payload instanceof Blob;
    let response: Response;
    try {
      response = await fetch(api(path), {
        method,
        credentials: 'include',
        headers: {
          'accept-language': lang,
          ...(payload === undefined ? {} : { 'content-type': isFile ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        body: payload === undefined ? undefined : isFile ? payload : JSON.stringify(payload),
      });
    } catch {
      throw new Error(t.network);
    }
    const text = await response.text();
    const data = text ? (JSON.parse(text) as T & { error?: { message: string } }) : ({} as T & { error?: { message: string } });
    if (!response.ok) throw new Error(data.error?.message ?? t.network);
    return data;
  };
  const showError = (error: unknown) => {
    errorLine.textContent = error instanceof Error ? error.message : t.network;
  };

  const formatTime = (iso: string) =>
    new Date(iso).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' });

  const renderMessage = (message: ChatMessage, pending = false) => {
    const imagesOnly = !message.text && message.attachments.length > 0 && message.attachments.every((a) => a.type === 'image');
    const bubble = el('div', { class: imagesOnly ? 'bubble media' : 'bubble' });
    if (message.text) bubble.append(message.text);
    for (const attachment of message.attachments) {
      const link = el('a', { href: api(attachment.url), target: '_blank', rel: 'noopener' });
      if (attachment.type === 'image') link.append(el('img', { src: api(attachment.url), alt: attachment.name ?? t.attachment }));
      else link.append(el('span', { class: 'file', text: `📄 ${attachment.name ?? t.attachment}` }));
      bubble.append(link);
    }
    const who =
      message.from === 'agent'
        ? el('span', { class: 'who', text: message.agentName ? `${message.agentName} · ${t.agent}` : t.title })
        : null;
    const item = el(
      'li',
      {
        class: `msg ${message.from}${pending ? ' pending' : ''}`,
        'data-testid': `chat-message-${message.from}`,
        'data-message-id': message.id,
      },
      who,
      bubble,
      el('span', { class: 'time', text: pending ? t.sending : formatTime(message.at) }),
    );
    const existing = shown.get(message.id);
    if (existing) existing.replaceWith(item);
    else log.append(item);
    shown.set(message.id, item);
    log.scrollTop = log.scrollHeight;
  };

  const addMessage = (message: ChatMessage) => {
    if (shown.has(message.id) && !shown.get(message.id)?.classList.contains('pending')) return;
    renderMessage(message);
    if (message.from === 'agent') {
      typing.textContent = '';
      if (panel.hidden) dot.hidden = false;
    }
  };

  // --- realtime -----------------------------------------------------------------------------
  const connect = () => {
    const url = new URL('chat/api/ws', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (event) => {
      let frame: { type: string; message?: ChatMessage };
      try {
        frame = JSON.parse(String(event.data));
      } catch {
        return;
      }
      if (frame.type === 'ready') {
        // Anything missed while disconnected comes back with the history.
        if (reconnectAttempt > 0) void refreshHistory();
        reconnectAttempt = 0;
      } else if (frame.type === 'message' && frame.message) {
        addMessage(frame.message);
      } else if (frame.type === 'typing') {
        typing.textContent = t.agentTyping;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => {
          typing.textContent = '';
        }, 5000);
      }
    };
    socket.onclose = () => {
      socket = null;
      const delay = Math.min(30_000, 500 * 2 ** reconnectAttempt) * (0.75 + Math.random() * 0.5);
      reconnectAttempt += 1;
      setTimeout(connect, delay);
    };
  };

  const refreshHistory = async () => {
    const { messages } = await request<{ messages: ChatMessage[] }>('GET', '/chat/api/messages');
    for (const message of messages) addMessage(message);
  };

  // --- views --------------------------------------------------------------------------------
  const field = (id: string, label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) => {
    control.id = `agora-chat-${id}`;
    control.name = id;
    return el('div', { class: 'field' }, el('label', { for: control.id, text: label }), control);
  };

  const showChat = () => {
    body.replaceChildren(log, typing, errorLine, composer);
    if (!log.firstChild)
      log.append(
        el('li', { class: 'msg system' }, el('div', { class: 'bubble', text: session?.open === false ? t.closedNotice : t.welcome })),
      );
    for (const message of session?.messages ?? []) addMessage(message);
    input.focus();
  };

  const showPrechat = () => {
    const name = el('input', { type: 'text', required: true, autocomplete: 'name', maxlength: '120', 'data-testid': 'prechat-name' });
    const email = el('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254', 'data-testid': 'prechat-email' });
    const topic = el(
      'select',
      { required: true, 'data-testid': 'prechat-topic' },
      ...(session?.prechat.topics ?? []).map((key) => el('option', { value: key, text: t.topics[key] ?? key })),
    );
    const submit = el('button', { class: 'primary', type: 'submit', text: t.start, 'data-testid': 'prechat-submit' });
    const form = el(
      'form',
      { class: 'form' },
      el('p', { text: t.prechatIntro }),
      field('name', t.name, name),
      field('email', t.email, email),
      field('topic', t.topic, topic),
      errorLine,
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      errorLine.textContent = '';
      try {
        await request('PUT', '/chat/api/prechat', { name: name.value, email: email.value, topic: topic.value });
        if (session) session.prechat.done = true;
        showChat();
      } catch (error) {
        showError(error);
      } finally {
        submit.disabled = false;
      }
    });
    body.replaceChildren(form);
    name.focus();
  };

  const showOffline = () => {
    const name = el('input', { type: 'text', autocomplete: 'name', maxlength: '120' });
    const email = el('input', { type: 'email', required: true, autocomplete: 'email', maxlength: '254', 'data-testid': 'offline-email' });
    const message = el('textarea', { required: true, maxlength: '5000', 'data-testid': 'offline-message' });
    const submit = el('button', { class: 'primary', type: 'submit', text: t.leaveMessage, 'data-testid': 'offline-submit' });
    const next = session?.nextOpening
      ? el('p', {
          class: 'hint',
          text: `${t.nextOpening} ${new Date(session.nextOpening).toLocaleString(lang === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })}`,
        })
      : null;
    const form = el(
      'form',
      { class: 'form' },
      el('p', { text: t.offlineIntro }),
      next,
      field('offline-name', t.nameOptional, name),
      field('offline-email', t.email, email),
      field('offline-text', t.message, message),
      errorLine,
      submit,
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      submit.disabled = true;
      errorLine.textContent = '';
      try {
        await request('POST', '/chat/api/offline', { name: name.value || undefined, email: email.value, text: message.value });
        form.replaceChildren(el('p', { class: 'thanks', role: 'status', text: t.offlineThanks, 'data-testid': 'offline-thanks' }));
      } catch (error) {
        showError(error);
        submit.disabled = false;
      }
    });
    body.replaceChildren(form);
    email.focus();
  };

  const showCurrentView = () => {
    if (!session) return;
    statusLine.textContent = session.open ? t.online : t.offline;
    statusLine.classList.toggle('off', !session.open);
    // A visitor who already chatted keeps the conversation: the agents answer it at opening.
    if (!session.open && session.messages.length === 0) showOffline();
    else if (session.prechat.enabled && !session.prechat.done) showPrechat();
    else showChat();
  };

  // --- actions ------------------------------------------------------------------------------
  const send = async (text: string, attachments: string[] = [], preview: ChatMessage['attachments'] = []) => {
    const temporaryId = `pending-${Date.now()}`;
    renderMessage({ id: temporaryId, from: 'visitor', text, attachments: preview, at: new Date().toISOString(), agentName: null }, true);
    errorLine.textContent = '';
    try {
      const { message } = await request<{ message: ChatMessage }>('POST', '/chat/api/messages', { text, attachments });
      shown.get(temporaryId)?.remove();
      shown.delete(temporaryId);
      renderMessage(message);
    } catch (error) {
      shown.get(temporaryId)?.remove();
      shown.delete(temporaryId);
      showError(error);
      if (text && !input.value) input.value = text;
    }
  };

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    autosize();
    void send(text);
  });
  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(120, input.scrollHeight + 2)}px`;
  };
  input.addEventListener('keydown', (event) => {
    // Enter sends, Shift+Enter goes to the next line (as in every chat).
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  // At most one "typing" every two seconds; keystrokes inside that window are told at its end
  // rather than dropped, so an advisor who just opened the conversation still sees them.
  let typingPending: ReturnType<typeof setTimeout> | undefined;
  const sendTyping = () => {
    typingPending = undefined;
    if (socket?.readyState !== WebSocket.OPEN) return;
    lastTypingSent = Date.now();
    socket.send(JSON.stringify({ type: 'typing' }));
  };
  input.addEventListener('input', () => {
    autosize();
    const wait = 2000 - (Date.now() - lastTypingSent);
    if (wait <= 0) sendTyping();
    else typingPending ??= setTimeout(sendTyping, wait);
  });
  attachButton.addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    fileInput.value = '';
    if (!file || !session) return;
    if (file.size > session.limits.maxUploadBytes) return showError(new Error(t.tooLarge));
    if (file.type && !session.limits.types.includes(file.type)) return showError(new Error(t.badType));
    try {
      const uploaded = await request<{ id: string; name: string; type: 'image' | 'file'; url: string }>('POST', '/chat/api/uploads', file, {
        'x-file-name': encodeURIComponent(file.name),
      });
      await send('', [uploaded.id], [{ type: uploaded.type, url: uploaded.url, name: uploaded.name }]);
    } catch (error) {
      showError(error);
    }
  });

  let started = false;
  const open = async () => {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    dot.hidden = true;
    if (!started) {
      started = true;
      body.replaceChildren(errorLine);
      try {
        session = await request<Session>('POST', '/chat/api/session', { lang });
        connect();
      } catch (error) {
        started = false;
        showError(error);
        return;
      }
    }
    showCurrentView();
  };
  const close = () => {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  };
  launcher.addEventListener('click', () => void open());
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });

  // A visitor who already chatted finds the conversation open again after a reload.
  if (sessionStorage.getItem('agora-chat-open') === '1') void open();
  launcher.addEventListener('click', () => sessionStorage.setItem('agora-chat-open', '1'));
  closeButton.addEventListener('click', () => sessionStorage.removeItem('agora-chat-open'));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
