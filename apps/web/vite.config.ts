import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const apiServer = process.env.AGORA_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    port: 5173,
    proxy: {
      '/api/ws': { target: apiServer, ws: true, changeOrigin: true },
      '/api': { target: apiServer, changeOrigin: true },
      '/webhooks': { target: apiServer, changeOrigin: true },
      '/docs': { target: apiServer, changeOrigin: true },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api/ws': { target: apiServer, ws: true, changeOrigin: true },
      '/api': { target: apiServer, changeOrigin: true },
    },
  },
});
