export default function HomePage() {
  return (
    <main style={{ maxWidth: 720, margin: '4rem auto', padding: '0 1rem' }}>
      <h1>TicketHub</h1>
      <p>Buy and sell tickets to concerts, sports, theatre and more.</p>
    </main>
  );
}
