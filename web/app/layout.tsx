import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/layout/site-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'TicketHub', template: '%s · TicketHub' },
  description: 'Buy and sell tickets to concerts, sports, theatre and more.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#3730a3' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <SiteHeader />
        <main id="main" className="container" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container">
            <p className="muted">TicketHub: tickets from fans who can’t go, for fans who can.</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
