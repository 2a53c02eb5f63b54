import type { Figure } from '../harness';
import { browse } from './browse';
import { coldStarts } from './cold-start';
import { listing } from './listing';
import { propagation } from './propagation';
import { reservationBurst } from './reservation-burst';
import { reservations } from './reservations';
import { shop } from './shop';

/**
 * Every figure of `npm run bench`, in order (propagation reads the orders of the reservations run). A new figure is a
 * file in this folder exporting a Figure, and one line here.
 */
export const figures: Figure[] = [
  reservations, // reservations/s uncontended + flash sale + naive peer + writes per reservation
  propagation, // order.created → each consumer, p50/p99
  listing, // listing → reservable
  reservationBurst, // 500 reservations at once → reserved on the tickets side
  browse, // GET /api/tickets filter+sort and search
  coldStarts, // each function bundle vs hello-world
  shop, // first-load JS
];
