/**
 * A visitor of the bank's site talking through the live chat's HTTP API, as the widget does:
 * a session (cookie), the pre-chat form when asked, then messages. No browser needed.
 */
export interface LiveChatVisitor {
  readonly visitorId: string;
  say(text: string): Promise<number>;
}

export async function openLiveChatVisitor(
  baseUrl: string,
  who: { name: string; email: string; topic: 'account' | 'card' | 'loan' | 'savings' | 'other'; lang: 'fr' | 'en' },
): Promise<LiveChatVisitor> {
  const base = baseUrl.replace(/\/$/, '');
  // The widget runs on the bank's page: Agora's own origin in the demo.
  const origin = new URL(base).origin;
  let cookie: string | null = null;
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { origin, 'content-type': 'application/json', 'accept-language': who.lang, ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith('agora_chat='));
    if (setCookie) cookie = setCookie.split(';')[0] ?? null;
    const text = await response.text();
    return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
  };
  const session = await call('POST', '/chat/api/session', { lang: who.lang });
  if (session.status !== 200) throw new Error(`live chat session refused: HTTP ${session.status}`);
  const { visitorId, prechat } = session.body as { visitorId: string; prechat: { enabled: boolean; done: boolean } };
  if (prechat.enabled && !prechat.done) {
    const form = await call('PUT', '/chat/api/prechat', { name: who.name, email: who.email, topic: who.topic });
    if (form.status !== 204) throw new Error(`live chat pre-chat refused: HTTP ${form.status}`);
  }
  return {
    visitorId,
    async say(text) {
      return (await call('POST', '/chat/api/messages', { text })).status;
    },
  };
}
