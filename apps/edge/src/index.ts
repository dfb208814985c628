import { createApp } from './app.ts';

/** The Cifra edge Worker (wrangler.toml `main`). */
export default createApp();
