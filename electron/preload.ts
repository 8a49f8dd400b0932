// Runs sandboxed before the page: the only bridge between the page and the main process.
import { contextBridge, ipcRenderer } from 'electron';
import { preloadApi } from './preloadApi.ts';

contextBridge.exposeInMainWorld('jessica', preloadApi(ipcRenderer));
