import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium (never a downloaded browser) with WebGPU on: on machines without a GPU it
 * runs on SwiftShader, slow but correct. The rest keeps Chromium off the network.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--enable-unsafe-webgpu',
    '--enable-unsafe-swiftshader',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};
