import { SubmitButton } from '@/components/ui/submit-button';
import { listDeadLetters } from '@/lib/api/dead-letters';
import { replayDeadLetterAction } from './dead-letter-actions';

/** The bridge's dead letters with a Replay button each (the admin page's "Dead letters" view). */
export async function AdminDeadLetters() {
  const { items, total } = await listDeadLetters();
  return (
    <section aria-labelledby="admin-dead-letters">
      <h2 id="admin-dead-letters">Dead letters ({total})</h2>
      {items.length === 0 ? (
        <p className="empty">No dead letters: every event was delivered.</p>
      ) : (
        <ul className="rows" aria-label="Dead letters">
          {items.map((letter) => (
            <li key={letter.id} className="row">
              <div>
                <strong>{letter.subject}</strong> → {letter.domain}
                <p className="muted">
                  {letter.reason} · {letter.attempts} attempts · dead since {letter.deadAt}
                  {letter.replays > 0 ? ` · replayed ${letter.replays}×` : ''}
                </p>
                <code>{letter.eventId}</code>
              </div>
              <form action={replayDeadLetterAction.bind(null, letter.id)}>
                <SubmitButton pending="Replaying…">Replay</SubmitButton>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
