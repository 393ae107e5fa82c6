import type { MeetingRole, MeetingServerFrame } from '@agora/contracts/appointments.schema.ts';
import { ActionIcon, Alert, Badge, Button, Group, Paper, ScrollArea, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import {
  IconMicrophone,
  IconMicrophoneOff,
  IconPhoneOff,
  IconScreenShare,
  IconScreenShareOff,
  IconSend,
  IconVideo,
  IconVideoOff,
} from '@tabler/icons-react';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './appointments.i18n.ts';

type Status = 'connecting' | 'waiting' | 'connected' | 'closed';
interface ChatLine {
  id: number;
  from: MeetingRole;
  name: string;
  text: string;
  at: string;
}

/**
 * The meeting room of a video appointment: WebRTC between the client and the advisor, the
 * server's WebSocket carrying only the signalling and the chat. The advisor always makes the
 * offer (when both are present), the client answers: no offer collision to untangle. Whoever
 * reconnects starts a fresh connection on both sides.
 */
export function MeetingRoom({ appointmentId, onLeave, keepAlive }: { appointmentId: string; onLeave: () => void; keepAlive?: () => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Status>('connecting');
  const [role, setRole] = useState<MeetingRole | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [noMedia, setNoMedia] = useState(false);
  const [cameraOn, setCameraOn] = useState(true);
  const [micOn, setMicOn] = useState(true);
  const [sharing, setSharing] = useState(false);
  const [chat, setChat] = useState<ChatLine[]>([]);
  const [draft, setDraft] = useState('');
  const [remoteTracks, setRemoteTracks] = useState(0);
  const localVideo = useRef<HTMLVideoElement>(null);
  const remoteVideo = useRef<HTMLVideoElement>(null);
  const socket = useRef<WebSocket | null>(null);
  const pc = useRef<RTCPeerConnection | null>(null);
  const local = useRef<MediaStream | null>(null);
  const screen = useRef<MediaStream | null>(null);

  const send = useCallback((frame: object) => {
    if (socket.current?.readyState === WebSocket.OPEN) socket.current.send(JSON.stringify(frame));
  }, []);

  useEffect(() => {
    let disposed = false;
    let iceServers: RTCIceServer[] = [];
    let myRole: MeetingRole | null = null;
    let pendingCandidates: RTCIceCandidateInit[] = [];

    const newConnection = () => {
      pc.current?.close();
      setRemoteTracks(0);
      const connection = new RTCPeerConnection({ iceServers });
      pc.current = connection;
      pendingCandidates = [];
      const stream = local.current;
      if (stream) for (const track of stream.getTracks()) connection.addTrack(track, stream);
      else {
        // Without camera or microphone one still receives the other's.
        connection.addTransceiver('video', { direction: 'recvonly' });
        connection.addTransceiver('audio', { direction: 'recvonly' });
      }
      connection.onicecandidate = (event) => {
        if (event.candidate) send({ type: 'signal', data: { candidate: event.candidate.toJSON() } });
      };
      connection.ontrack = (event) => {
        const [remote] = event.streams;
        if (remoteVideo.current && remote && remoteVideo.current.srcObject !== remote) remoteVideo.current.srcObject = remote;
        setRemoteTracks((n) => n + 1);
        setStatus('connected');
      };
      return connection;
    };
    const makeOffer = async () => {
      const connection = newConnection();
      await connection.setLocalDescription(await connection.createOffer());
      send({ type: 'signal', data: { description: connection.localDescription?.toJSON() } });
    };
    const onSignal = async (data: Record<string, unknown>) => {
      const connection = pc.current ?? newConnection();
      if (data.description) {
        const description = data.description as RTCSessionDescriptionInit;
        await connection.setRemoteDescription(description);
        for (const c of pendingCandidates) await connection.addIceCandidate(c);
        pendingCandidates = [];
        if (description.type === 'offer') {
          await connection.setLocalDescription(await connection.createAnswer());
          send({ type: 'signal', data: { description: connection.localDescription?.toJSON() } });
        }
      } else if (data.candidate) {
        const candidate = data.candidate as RTCIceCandidateInit;
        if (connection.remoteDescription) await connection.addIceCandidate(candidate);
        else pendingCandidates.push(candidate);
      }
    };

    const start = async () => {
      try {
        local.current = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
        if (localVideo.current) localVideo.current.srcObject = local.current;
      } catch {
        setNoMedia(true);
      }
      if (disposed) return;
      const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/meetings/${appointmentId}/ws`);
      socket.current = ws;
      ws.onmessage = (message) => {
        const frame = JSON.parse(String(message.data)) as MeetingServerFrame;
        if (frame.type === 'joined') {
          myRole = frame.role;
          setRole(frame.role);
          iceServers = frame.iceServers;
          setStatus('waiting');
          newConnection();
          if (frame.role === 'advisor' && frame.peerPresent) void makeOffer();
        } else if (frame.type === 'peer-joined') {
          if (myRole === 'advisor') void makeOffer();
          else newConnection();
        } else if (frame.type === 'peer-left') {
          newConnection();
          if (remoteVideo.current) remoteVideo.current.srcObject = null;
          setStatus('waiting');
        } else if (frame.type === 'signal') {
          void onSignal(frame.data).catch(() => undefined);
        } else if (frame.type === 'chat') {
          setChat((lines) => [...lines, { id: lines.length, from: frame.from, name: frame.name, text: frame.text, at: frame.at }]);
        } else if (frame.type === 'error') {
          setError(frame.message);
        }
      };
      ws.onclose = () => {
        setStatus('closed');
        pc.current?.close();
      };
    };
    void start();
    const ping = setInterval(() => send({ type: 'ping' }), 25_000);
    // A call is activity: the secure space must not sign the client out in the middle of it.
    const alive = keepAlive ? setInterval(keepAlive, 60_000) : null;
    return () => {
      disposed = true;
      clearInterval(ping);
      if (alive) clearInterval(alive);
      socket.current?.close();
      pc.current?.close();
      for (const track of [...(local.current?.getTracks() ?? []), ...(screen.current?.getTracks() ?? [])]) track.stop();
    };
  }, [appointmentId, send, keepAlive]);

  const toggle = (kind: 'video' | 'audio') => {
    const next = kind === 'video' ? !cameraOn : !micOn;
    for (const track of local.current?.getTracks() ?? []) if (track.kind === kind) track.enabled = next;
    if (kind === 'video') setCameraOn(next);
    else setMicOn(next);
  };

  const videoSender = () => pc.current?.getSenders().find((s) => s.track?.kind === 'video');
  const stopSharing = async () => {
    for (const track of screen.current?.getTracks() ?? []) track.stop();
    screen.current = null;
    const camera = local.current?.getVideoTracks()[0] ?? null;
    await videoSender()?.replaceTrack(camera);
    if (localVideo.current) localVideo.current.srcObject = local.current;
    setSharing(false);
  };
  const share = async () => {
    if (sharing) return stopSharing();
    try {
      const display = await navigator.mediaDevices.getDisplayMedia({ video: true });
      screen.current = display;
      const track = display.getVideoTracks()[0];
      if (!track) return;
      track.onended = () => void stopSharing();
      await videoSender()?.replaceTrack(track);
      if (localVideo.current) localVideo.current.srcObject = display;
      setSharing(true);
    } catch {
      // The person closed the browser's picker: nothing to do.
    }
  };

  const submitChat = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    send({ type: 'chat', text });
    setDraft('');
  };

  const other = role === 'advisor' ? t('appointments.room.client') : t('appointments.room.advisor');
  const statusBadge =
    status === 'connected' ? (
      <Badge color="teal">{t('appointments.room.connected')}</Badge>
    ) : status === 'waiting' ? (
      <Badge color="yellow">{t('appointments.room.waiting', { who: other })}</Badge>
    ) : status === 'closed' ? (
      <Badge color="gray">{t('appointments.room.closed')}</Badge>
    ) : (
      <Badge color="blue">{t('appointments.room.connecting')}</Badge>
    );

  return (
    <Stack gap="sm" data-testid="meeting-room" data-status={status} data-remote-tracks={remoteTracks}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1} size="h3">
          {t('appointments.room.title')}
        </Title>
        {statusBadge}
      </Group>
      {error ? (
        <Alert color="red" data-testid="meeting-error">
          {error}
        </Alert>
      ) : null}
      {noMedia ? <Alert color="yellow">{t('appointments.room.noMedia')}</Alert> : null}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'stretch' }}>
        <Paper
          withBorder
          radius="md"
          style={{ flex: '2 1 320px', position: 'relative', background: '#111', minHeight: 240, overflow: 'hidden' }}
        >
          {/* biome-ignore lint/a11y/useMediaCaption: a live call has no captions to offer */}
          <video
            ref={remoteVideo}
            autoPlay
            playsInline
            data-testid="remote-video"
            style={{ width: '100%', height: '100%', maxHeight: '60vh', objectFit: 'contain', display: 'block' }}
          />
          <video
            ref={localVideo}
            autoPlay
            playsInline
            muted
            data-testid="local-video"
            style={{
              position: 'absolute',
              right: 8,
              bottom: 8,
              width: '28%',
              minWidth: 96,
              borderRadius: 6,
              border: '2px solid white',
              background: '#333',
            }}
          />
        </Paper>
        <Paper withBorder radius="md" p="sm" style={{ flex: '1 1 260px', display: 'flex', flexDirection: 'column', minHeight: 240 }}>
          <Text fw={600} size="sm" mb={4}>
            {t('appointments.room.chat')}
          </Text>
          <ScrollArea style={{ flex: 1 }} h={220} data-testid="meeting-chat">
            <Stack gap={6}>
              {chat.map((line) => (
                <div key={line.id} data-testid="chat-line">
                  <Text size="xs" c="dimmed">
                    {line.from === role ? t('appointments.room.you') : line.name}
                  </Text>
                  <Text size="sm">{line.text}</Text>
                </div>
              ))}
            </Stack>
          </ScrollArea>
          <form onSubmit={submitChat}>
            <Group gap={6} wrap="nowrap" mt="xs">
              <TextInput
                style={{ flex: 1 }}
                value={draft}
                onChange={(e) => setDraft(e.currentTarget.value)}
                placeholder={t('appointments.room.chatPlaceholder')}
                aria-label={t('appointments.room.chatPlaceholder')}
                maxLength={2000}
                data-testid="chat-input"
              />
              <ActionIcon type="submit" size="lg" aria-label={t('appointments.room.send')} disabled={status === 'closed'}>
                <IconSend size={18} />
              </ActionIcon>
            </Group>
          </form>
        </Paper>
      </div>
      <Group gap="xs" justify="center">
        <Tooltip label={t('appointments.room.camera')}>
          <ActionIcon
            size="xl"
            variant={cameraOn ? 'light' : 'filled'}
            color={cameraOn ? 'bank' : 'red'}
            onClick={() => toggle('video')}
            aria-label={t('appointments.room.camera')}
            data-testid="meeting-camera"
            aria-pressed={cameraOn}
            disabled={noMedia}
          >
            {cameraOn ? <IconVideo /> : <IconVideoOff />}
          </ActionIcon>
        </Tooltip>
        <Tooltip label={t('appointments.room.microphone')}>
          <ActionIcon
            size="xl"
            variant={micOn ? 'light' : 'filled'}
            color={micOn ? 'bank' : 'red'}
            onClick={() => toggle('audio')}
            aria-label={t('appointments.room.microphone')}
            aria-pressed={micOn}
            disabled={noMedia}
          >
            {micOn ? <IconMicrophone /> : <IconMicrophoneOff />}
          </ActionIcon>
        </Tooltip>
        <Tooltip label={sharing ? t('appointments.room.stopShare') : t('appointments.room.share')}>
          <ActionIcon
            size="xl"
            variant={sharing ? 'filled' : 'light'}
            onClick={() => void share()}
            aria-label={t('appointments.room.share')}
            data-testid="meeting-share"
            aria-pressed={sharing}
            disabled={status !== 'connected'}
          >
            {sharing ? <IconScreenShareOff /> : <IconScreenShare />}
          </ActionIcon>
        </Tooltip>
        <Button color="red" leftSection={<IconPhoneOff size={18} />} onClick={onLeave} data-testid="meeting-leave">
          {t('appointments.room.leave')}
        </Button>
      </Group>
    </Stack>
  );
}
