import { uniqueEmail } from '@tickethub/dev/testing/client';
import { expectPageQuality, expectText } from './support/audit';
import { saveScreenshot, untilHydrated, type Visitor } from './support/browser';
import { inFuture, listTicket, PASSWORD, reserve, signUpUser, uniqueWord } from './support/data';
import { shopSession } from './support/shop-session';

const ADMIN_EMAIL = 'admin-e2e@example.com';

const session = shopSession({ ADMIN_EMAILS: ADMIN_EMAIL });
const { visitor, reloadUntil } = session;

describe('shop › selling and buying', () => {
  const sellerEmail = uniqueEmail('seller');
  const title = `Aurora Quartet ${uniqueWord('live')}`;
  let seller: Visitor;
  let ticketPath: string;

  test('a visitor signs up, sees the API’s field errors inline, and lists a ticket', async () => {
    seller = await visitor();
    const { page } = seller;
    await page.goto(`${session.shop.origin}/signup`);
    await expectPageQuality(seller);
    await saveScreenshot(page, 'signup');

    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expectText(page.locator('#field-email-error'), 'Email must be valid');
    await expectText(page.locator('#field-password-error'), 'Password must be between 8 and 128 characters');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Email').inputValue()).toBe('not-an-email');
    await expectPageQuality(seller);

    await page.getByLabel('Email').fill(sellerEmail);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    await page.getByRole('link', { name: 'Sell', exact: true }).click();
    await page.getByRole('heading', { name: 'Sell a ticket' }).waitFor();
    await expectPageQuality(seller);
    await page.getByRole('button', { name: 'List ticket' }).click();
    await expectText(page.locator('#field-title-error'), 'Title must be 3 to 120 characters');
    await expectText(page.locator('#field-category-error'), /Category must be one of/);
    await expectText(page.locator('#field-venue-error'), 'Venue must be 2 to 120 characters');
    await expectText(page.locator('#field-city-error'), 'City must be 2 to 80 characters');
    await expectText(page.locator('#field-price-error'), 'Price must be a number');
    expect(await page.locator('#field-eventDate-error').count()).toBe(1);
    await expectPageQuality(seller);

    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Category').selectOption('concert');
    await page.getByLabel('Event date and time').fill(inFuture(40));
    await page.getByLabel('Venue').fill('Royal Albert Hall');
    await page.getByLabel('City').fill('London');
    await page.getByLabel('Price').fill('25.999');
    await page.getByLabel('Currency').selectOption('gbp');
    await page.getByLabel('Description').fill('Stalls, row K, seat 12.');
    await page.getByRole('button', { name: 'List ticket' }).click();
    await expectText(page.locator('#field-price-error'), 'GBP prices have at most 2 decimals');
    // What the seller typed survives the failed attempt.
    expect(await page.getByLabel('Title').inputValue()).toBe(title);
    await saveScreenshot(page, 'sell-errors');

    await page.getByLabel('Price').fill('25.50');
    await page.getByRole('button', { name: 'List ticket' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    ticketPath = new URL(page.url()).pathname;
    expect(ticketPath).toMatch(/^\/tickets\/[\w-]+$/);
    // The page is the same for everyone; "You" is the browser's own answer to who is looking.
    await expectText(page.locator('dl.facts dd').nth(3), 'You');
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('£25.50');
    expect(facts).toContain('Royal Albert Hall, London');
    expect(facts).toContain('Available');
    await expectPageQuality(seller);
  });

  test('the seller signs out and back in, and can edit the listing', async () => {
    const { page } = seller;
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The header forgets the user at once; the session cookie is gone when the action lands on the home page.
    await page.waitForURL(`${session.shop.origin}/`);
    await page.locator('.site-header').getByRole('link', { name: 'Sign in', exact: true }).waitFor();
    await page.goto(`${session.shop.origin}/listings`);
    expect(`${new URL(page.url()).pathname}${new URL(page.url()).search}`).toBe('/signin?next=%2Flistings');
    await expectPageQuality(seller);
    await saveScreenshot(page, 'signin');
    await page.getByLabel('Email').fill(sellerEmail);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(page.getByRole('main').getByRole('alert').first(), /Invalid credentials/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'My listings' }).waitFor();
    await expectPageQuality(seller);

    await page.getByRole('link', { name: `Edit ${title}` }).click();
    await page.getByRole('heading', { name: 'Edit listing' }).waitFor();
    await expectPageQuality(seller);
    await page.getByLabel('Description').fill('Stalls, row K, seat 12. Aisle seat.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { level: 2, name: 'About this ticket' }).waitFor();
    expect(await page.locator('.prose').innerText()).toContain('Aisle seat');
  });

  test('a second user buys it: a declined card first, then the test Visa, and sees the order complete', async () => {
    const buyer = await visitor({ token: (await signUpUser(session.shop.origin, 'buyer')).token });
    const { page } = buyer;
    await page.goto(session.shop.origin);
    await page.getByRole('searchbox', { name: 'Search' }).fill(title.split(' ').at(-1)!);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\?.*q=/);
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('button', { name: 'Buy' }).waitFor();
    await expectPageQuality(buyer);
    await saveScreenshot(page, 'ticket');

    await page.getByRole('button', { name: 'Buy' }).click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    await page.getByTestId('countdown').waitFor();
    expect(await page.getByTestId('countdown').innerText()).toMatch(/^1[45]:\d\d$/);
    expect(await page.getByText('Test mode.').count()).toBe(1);
    await expectPageQuality(buyer);
    await saveScreenshot(page, 'order-pay');

    await page.getByLabel(/0002/).check();
    await page.getByRole('button', { name: 'Pay £25.50' }).click();
    await expectText(page.getByRole('main').getByRole('alert').first(), /declined/i);

    await page.getByLabel(/4242/).check();
    await page.getByRole('button', { name: 'Pay £25.50' }).click();
    // No reload here: the page polls until the webhook's effect reaches the order.
    await page.getByRole('heading', { name: 'Payment received: the ticket is yours' }).waitFor({ timeout: 90_000 });
    expect(await page.locator('dl.facts').innerText()).toContain('Complete');
    await expectPageQuality(buyer);
    await saveScreenshot(page, 'order-complete');

    await page.getByRole('link', { name: 'My orders', exact: true }).click();
    await page.getByRole('heading', { name: 'My orders' }).waitFor();
    expect(await page.locator('.rows').innerText()).toContain('Complete');
    await expectPageQuality(buyer);
  }, 180_000);

  test('the seller sees the ticket sold', async () => {
    await seller.page.goto(`${session.shop.origin}/listings`);
    const row = seller.page.locator('li.row-item', { hasText: title });
    await reloadUntil(seller, async () => (await row.locator('.badge').innerText()) === 'Sold', 'the listing to show Sold');
    expect(await row.getByRole('button', { name: 'Withdraw' }).count()).toBe(0);
    await expectPageQuality(seller);
    await saveScreenshot(seller.page, 'my-listings');
  });
});

describe('shop › contention and moderation', () => {
  test('a reserved ticket cannot be bought by a third user', async () => {
    const [seller, buyer, third] = await Promise.all([
      signUpUser(session.shop.origin, 'seller'),
      signUpUser(session.shop.origin, 'buyer'),
      signUpUser(session.shop.origin, 'third'),
    ]);
    const ticket = await listTicket(session.shop.origin, seller, { title: `${uniqueWord('Derby')} final` });
    const late = await visitor({ token: third.token });
    await late.page.goto(`${session.shop.origin}/tickets/${ticket.id}`);
    await late.page.getByRole('button', { name: 'Buy' }).waitFor();
    await untilHydrated(late.page);

    await reserve(session.shop.origin, buyer, ticket.id);
    await late.page.getByRole('button', { name: 'Buy' }).click();
    await expectText(late.page.getByRole('main').getByRole('alert').first(), /already reserved/i);
    expect(new URL(late.page.url()).pathname).toBe(`/tickets/${ticket.id}`);

    await reloadUntil(
      late,
      async () => (await late.page.getByText('Someone is buying this ticket right now').count()) === 1,
      'the ticket page to show it reserved',
    );
    expect(await late.page.getByRole('button', { name: 'Buy' }).count()).toBe(0);
    expect(await late.page.locator('dl.facts').innerText()).toContain('Reserved');
    await expectPageQuality(late);
  });

  test('an admin withdraws a listing and sees every order', async () => {
    const seller = await signUpUser(session.shop.origin, 'seller');
    const ticket = await listTicket(session.shop.origin, seller, { title: `${uniqueWord('Spam')} listing` });
    const admin = await visitor();
    const { page } = admin;
    await page.goto(`${session.shop.origin}/signup`);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: 'Admin', level: 1 }).waitFor();
    await expectPageQuality(admin);

    // The withdrawal is meant to happen in place (the row goes, no reload): the page must have hydrated first, or
    // the click posts the form the old way and the page is replaced under the next click.
    await untilHydrated(page);
    const row = page.locator('li.row-item', { hasText: ticket.title });
    await row.getByRole('button', { name: 'Withdraw' }).click();
    await row.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Withdrawn' }).click();
    await page.waitForURL(/status=withdrawn/);
    expect(await page.locator('li.row-item', { hasText: ticket.title }).locator('.badge').innerText()).toBe('Withdrawn');
    await expectPageQuality(admin);
    await saveScreenshot(page, 'admin');

    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await page.getByRole('heading', { name: 'All orders' }).waitFor();
    // The earlier scenarios' orders (complete and reserved) belong to other users: an admin sees them all.
    expect(await page.locator('li.row-item').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.rows').innerText()).toContain('Complete');
    await expectPageQuality(admin);

    const anonymous = await visitor();
    await anonymous.page.goto(`${session.shop.origin}/tickets/${ticket.id}`);
    await anonymous.page.getByRole('heading', { name: "We couldn't find that page" }).waitFor();
  });
});
