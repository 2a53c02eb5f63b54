/** Shown while a page's server components fetch; keeps the header and announces the wait. */
export default function Loading() {
  return (
    <div className="loading" aria-busy="true" role="status">
      <span className="spinner" aria-hidden="true" />
      <span>Loading…</span>
    </div>
  );
}
