import { EventPage, EventsQuery } from '@amage/contracts';
import type { Knex } from 'knex';
import type { DefineIntegrationRoute } from '../../lib/route.js';
import { readEvents } from './events.service.js';

export function eventsRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'get',
      path: '/events',
      operationId: 'listEvents',
      summary: 'Read what happened in the portals, after a cursor',
      tags: ['events'],
      query: EventsQuery,
      responses: { 200: EventPage },
    },
    async (req, res) => {
      const { after, limit } = req.query;
      res.json(await readEvents(db, after, limit ?? 100));
    },
  );
}
