/** Inside the shadow root: the bank's CSS cannot reach it, and `all: initial` stops inheritance. */
export const STYLES = `
:host { all: initial; }
* { box-sizing: border-box; }
.root { --blue: #0b3d91; --blue-2: #1f6fd1; --ink: #1d2433; --muted: #5b6475; --line: #dde3ee; --bg: #f4f6fa;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 15px; line-height: 1.45; color: var(--ink); }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, input, select, textarea { font: inherit; color: inherit; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
/* Text fields show focus by a blue ring: always visible, calmer than the buttons' yellow. */
textarea:focus-visible, input:focus-visible, select:focus-visible { outline: 2px solid var(--blue-2); outline-offset: 0; border-color: var(--blue-2); }

.launcher { position: fixed; right: 24px; bottom: 24px; z-index: 2147483000; display: flex; align-items: center; gap: 10px;
  padding: 14px 20px; border: 0; border-radius: 999px; background: var(--blue); color: #fff; font-weight: 600; font-size: 15px;
  box-shadow: 0 8px 24px rgba(11, 61, 145, .35); cursor: pointer; transition: transform .15s ease, background .15s ease; }
.launcher:hover { background: var(--blue-2); transform: translateY(-1px); }
.launcher svg { width: 22px; height: 22px; flex: none; }
.launcher .dot { width: 10px; height: 10px; border-radius: 50%; background: #ff5a5f; box-shadow: 0 0 0 2px var(--blue); }
.launcher[aria-expanded="true"] { display: none; }

.panel { position: fixed; right: 24px; bottom: 24px; z-index: 2147483000; width: 380px; height: min(620px, calc(100vh - 48px));
  display: flex; flex-direction: column; background: #fff; border-radius: 16px; overflow: hidden;
  box-shadow: 0 24px 64px rgba(16, 24, 40, .28), 0 2px 8px rgba(16, 24, 40, .12); }
.panel[hidden] { display: none; }
.head { display: flex; align-items: center; gap: 12px; padding: 16px 16px 16px 20px; background: linear-gradient(120deg, var(--blue), var(--blue-2)); color: #fff; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: rgba(255,255,255,.18); display: grid; place-items: center; font-weight: 700; flex: none; }
.head h2 { margin: 0; font-size: 16px; font-weight: 700; }
.status { margin: 2px 0 0; font-size: 13px; opacity: .9; display: flex; align-items: center; gap: 6px; }
.status::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: #4ade80; }
.status.off::before { background: #cbd5e1; }
.close { margin-left: auto; width: 36px; height: 36px; border: 0; border-radius: 8px; background: transparent; color: #fff; font-size: 22px; cursor: pointer; }
.close:hover { background: rgba(255,255,255,.15); }

.body { flex: 1; min-height: 0; display: flex; flex-direction: column; background: var(--bg); }
.log { flex: 1; overflow-y: auto; margin: 0; padding: 16px; list-style: none; display: flex; flex-direction: column; gap: 10px; }
.msg { display: flex; flex-direction: column; max-width: 82%; }
.msg.visitor { align-self: flex-end; align-items: flex-end; }
.msg.agent, .msg.system { align-self: flex-start; }
.who { font-size: 12px; color: var(--muted); margin: 0 4px 3px; }
.bubble { padding: 9px 13px; border-radius: 16px; white-space: pre-wrap; word-wrap: break-word; overflow-wrap: anywhere; }
.visitor .bubble { background: var(--blue); color: #fff; border-bottom-right-radius: 4px; }
.agent .bubble { background: #fff; border: 1px solid var(--line); border-bottom-left-radius: 4px; }
.system .bubble { background: #e8effb; color: #23406f; font-size: 14px; }
.pending .bubble { opacity: .7; }
.time { font-size: 11px; color: var(--muted); margin: 3px 4px 0; }
.bubble.media { padding: 0; background: transparent; border: 0; }
.bubble.media img { margin-top: 0; box-shadow: 0 1px 4px rgba(16, 24, 40, .15); }
.bubble img { display: block; max-width: 220px; max-height: 180px; border-radius: 10px; margin-top: 4px; }
.bubble a { color: inherit; }
.file { display: inline-flex; gap: 6px; align-items: center; margin-top: 4px; }

.typing { padding: 0 20px 6px; font-size: 13px; color: var(--muted); font-style: italic; min-height: 1.45em; }
.error { margin: 0 16px 8px; padding: 8px 12px; border-radius: 8px; background: #fdecec; color: #8a1c1c; font-size: 14px; }
.error:empty { display: none; }

.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--line); background: #fff; }
.composer textarea { flex: 1; resize: none; max-height: 120px; min-height: 40px; padding: 9px 12px; border: 1px solid var(--line); border-radius: 12px; background: #fff; outline-offset: 0; }
.composer textarea:focus { border-color: var(--blue-2); }
.icon-btn { width: 40px; height: 40px; flex: none; border: 0; border-radius: 12px; display: grid; place-items: center; cursor: pointer; background: transparent; color: var(--muted); }
.icon-btn:hover { background: var(--bg); color: var(--blue); }
.icon-btn svg { width: 20px; height: 20px; }
.send { background: var(--blue); color: #fff; }
.send:hover { background: var(--blue-2); color: #fff; }

.form { flex: 1; overflow-y: auto; padding: 20px; display: flex; flex-direction: column; gap: 12px; }
.form p { margin: 0; color: var(--ink); }
.form .hint { color: var(--muted); font-size: 14px; }
.field { display: flex; flex-direction: column; gap: 4px; }
.field label { font-size: 13px; font-weight: 600; color: var(--ink); }
.field input, .field select, .field textarea { padding: 9px 12px; border: 1px solid var(--line); border-radius: 10px; background: #fff; }
.field textarea { min-height: 110px; resize: vertical; }
.primary { margin-top: 4px; padding: 11px 16px; border: 0; border-radius: 10px; background: var(--blue); color: #fff; font-weight: 600; cursor: pointer; }
.primary:hover { background: var(--blue-2); }
.primary:disabled { opacity: .6; cursor: default; }
.thanks { padding: 12px 14px; border-radius: 10px; background: #e7f6ec; color: #1d5b34; }

@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; height: 100vh; border-radius: 0; } }
@media (prefers-reduced-motion: reduce) { .launcher { transition: none; } }
`;
