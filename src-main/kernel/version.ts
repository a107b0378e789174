// The product version, from package.json (one source of truth).
import pkg from '../../package.json' with { type: 'json' };

export const APP_NAME = 'Personal Data Wallet';
export const APP_VERSION: string = pkg.version;
