import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';
const THEME_KEY = 'causeway.theme';

function applyTheme(choice: ThemeChoice): void {
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
}

interface SettingsState {
  theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
}

export const useSettings = create<SettingsState>((set) => {
  const saved = localStorage.getItem(THEME_KEY);
  const theme: ThemeChoice = saved === 'light' || saved === 'dark' ? saved : 'system';
  applyTheme(theme);
  return {
    theme,
    setTheme(theme) {
      localStorage.setItem(THEME_KEY, theme);
      applyTheme(theme);
      set({ theme });
    },
  };
});
