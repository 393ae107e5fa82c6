import { Box } from '@mantine/core';
import { useCallback } from 'react';
import { useNavigate, useParams } from 'react-router';
import { clientKeepAlive } from '../client-space/client-auth.api.ts';
import { MeetingRoom } from './meeting-room.tsx';

/** The client's side of a video appointment (inside the secure space). */
export function ClientMeetingPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const keepAlive = useCallback(() => void clientKeepAlive().catch(() => undefined), []);
  return <MeetingRoom appointmentId={id} onLeave={() => navigate('/espace/rendez-vous')} keepAlive={keepAlive} />;
}

/** The advisor's side (inside the workstation). */
export function StaffMeetingPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  return (
    <Box p="md">
      <MeetingRoom appointmentId={id} onLeave={() => navigate('/agenda')} />
    </Box>
  );
}
