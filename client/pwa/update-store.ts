/** Whether a new version of the app is waiting, and how to switch to it (set by the service worker registration). */
import { create } from 'zustand';

interface UpdateState {
  ready: boolean;
  apply: () => void;
  offer(apply: () => void): void;
}

export const useUpdate = create<UpdateState>((set) => ({
  ready: false,
  apply: () => undefined,
  offer: (apply) => set({ ready: true, apply }),
}));
