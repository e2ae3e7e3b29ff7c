// Public entry point of @linksync/qr-png: a short URL's QR code as a 1024×1024 PNG, for the engine and the shortener.
export { QR_QUIET_ZONE_MODULES, QR_SIZE_PX, QrError, type QrErrorCode, renderQrPng } from "./qr-png";
