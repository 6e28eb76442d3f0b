import type { Knex } from 'knex';
import { CustomerView, IntakeConfig, PutCustomerBody, RefParams } from '@amage/contracts';
import { portalScope, type DefineIntegrationRoute, type DefinePortalRoute } from '../../lib/route.js';
import { getCustomer, intakeConfig, putCustomer } from './customers.service.js';

const scope = portalScope('customer');

export function customersIntegrationRoutes(define: DefineIntegrationRoute, db: Knex) {
  define(
    {
      method: 'put',
      path: '/customers/:ref',
      operationId: 'putCustomer',
      errors: [422],
      summary: 'Share a customer: sites, assets, request categories with their field rules, urgencies, contacts',
      tags: ['customers'],
      params: RefParams,
      body: PutCustomerBody,
      responses: { 200: CustomerView, 201: CustomerView },
    },
    async (req, res) => {
      const { customer, created } = await putCustomer(db, req.params.ref, req.body);
      res.status(created ? 201 : 200).json(customer);
    },
  );
  define(
    {
      method: 'get',
      path: '/customers/:ref',
      operationId: 'getCustomer',
      errors: [404],
      summary: 'A shared customer',
      tags: ['customers'],
      params: RefParams,
      responses: { 200: CustomerView },
    },
    async (req, res) => {
      res.json(await getCustomer(db, req.params.ref));
    },
  );
}

export function customersPortalRoutes(define: DefinePortalRoute, db: Knex) {
  define(
    {
      method: 'get',
      path: '/customers/:ref/intake',
      operationId: 'portalGetIntakeConfig',
      errors: [404],
      summary:
        "The request form's configuration: sites, assets, categories and their fields, urgencies (narrowed to the link's site)",
      tags: ['customer'],
      params: RefParams,
      portal: scope('request:create'),
      responses: { 200: IntakeConfig },
    },
    async (req, res) => {
      res.json(await intakeConfig(db, req.portal, req.params.ref));
    },
  );
}
