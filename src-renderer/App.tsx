import { useEffect, type ComponentType } from 'react';
import { Nav } from './components/Nav.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { BackupsPage } from './pages/BackupsPage.tsx';
import { LibraryPage } from './pages/LibraryPage.tsx';
import { RestorePage } from './pages/RestorePage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { WalletPage } from './pages/WalletPage.tsx';
import { useAppStore } from './stores/app.ts';
import { PAGES, useUiStore, type PageId } from './stores/ui.ts';
import { wireStores } from './stores/wiring.ts';
import { runAction } from './api/run-action.ts';

const PAGE_COMPONENTS: Record<PageId, ComponentType> = {
  library: LibraryPage,
  search: SearchPage,
  backups: BackupsPage,
  restore: RestorePage,
  wallet: WalletPage,
  settings: SettingsPage,
};

export function App() {
  const page = useUiStore((s) => s.page);
  const theme = useAppStore((s) => s.settings?.theme ?? 'system');

  useEffect(() => {
    const unwire = wireStores();
    runAction(useAppStore.getState().load());
    return unwire;
  }, []);

  useEffect(() => {
    // "system" follows the OS; the stylesheet only knows light and dark.
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => (document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme);
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);

  useEffect(() => {
    // Ctrl/Cmd + 1…6 switch pages.
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const target = PAGES[Number(event.key) - 1];
      if (target) {
        event.preventDefault();
        useUiStore.getState().navigate(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const Current = PAGE_COMPONENTS[page];
  return (
    <div className="shell">
      <Nav />
      <main className="content" id="main">
        <Current />
      </main>
      <StatusBar />
      <Toasts />
    </div>
  );
}
