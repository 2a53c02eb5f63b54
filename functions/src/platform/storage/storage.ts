/**
 * Where ticket files live: a private Cloud Storage bucket in the cloud, a local directory with signed, expiring
 * URLs on the developer's machine. Domains see only this port.
 */
export interface FileStorage {
  kind: 'cloud-storage' | 'local';
  save(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The file's bytes, or null when there is none (notifications attach it to the buyer's e-mail). */
  read(key: string): Promise<Buffer | null>;
  /** A short-lived URL that downloads the file without a session; relative locally (resolve it on the request's origin). */
  signedUrl(key: string, ttlSeconds: number): Promise<string>;
}

/** Signed URLs live this long: enough to click a download, too short to pass around. */
export const SIGNED_URL_TTL_SECONDS = 300;

/** The one object key of a listing's ticket file. */
export function ticketFileKey(ticketId: string): string {
  return `tickets/${ticketId}.pdf`;
}
