import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from './api/client.ts';
import { pickTransport } from './api/pickTransport.ts';
import { App } from './App.tsx';
import { createAppStore } from './state/store.ts';
import { StoreContext } from './state/useApp.ts';
import './styles.css';

const { transport, mode } = pickTransport(window);
const store = createAppStore(createClient(transport));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App mode={mode} />
    </StoreContext.Provider>
  </StrictMode>,
);
