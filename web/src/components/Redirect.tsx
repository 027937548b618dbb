import { useEffect } from 'react';
import { navigate } from '../lib/router.js';

/** Replace the current path after render (navigating during render would update other components mid-render). */
export function Redirect({ to }: { to: string }) {
  useEffect(() => {
    navigate(to, { replace: true });
  }, [to]);
  return null;
}
