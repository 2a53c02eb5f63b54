/** Display names; the keys are the API's categories (shared `categories`), kept here so client bundles skip zod. */
export const CATEGORY_LABELS: Record<string, string> = {
  concert: 'Concerts',
  sports: 'Sports',
  theatre: 'Theatre',
  movie: 'Movies',
  comedy: 'Comedy',
  festival: 'Festivals',
  other: 'Other',
};

export const CURRENCIES = ['usd', 'eur', 'gbp', 'cad', 'aud', 'chf', 'sek', 'jpy'] as const;

export const SORT_LABELS: Record<string, string> = {
  eventDate: 'Date: soonest first',
  '-eventDate': 'Date: latest first',
  price: 'Price: low to high',
  '-price': 'Price: high to low',
  '-createdAt': 'Newest listings',
};
