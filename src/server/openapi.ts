/** The HTTP API, described for clients (served at /openapi.json). */
export const OPENAPI = {
  openapi: '3.1.0',
  info: {
    title: 'winrate',
    version: '0.1.0',
    description: 'Leaderboards, comparisons and judges over a winrate store.',
  },
  components: {
    securitySchemes: {
      admin: { type: 'http', scheme: 'bearer', description: 'the admin token printed by `winrate serve`' },
    },
    schemas: {
      Error: {
        type: 'object',
        properties: { error: { type: 'string' }, code: { type: 'string' } },
        required: ['error'],
      },
    },
  },
  paths: {
    '/api/systems': {
      get: { summary: 'Systems in the store', responses: { 200: { description: '{ systems: string[] }' } } },
    },
    '/api/methods': {
      get: {
        summary: 'Leaderboard methods',
        responses: { 200: { description: '{ methods: {name, description}[] }' } },
      },
    },
    '/api/leaderboard': {
      get: {
        summary: 'A leaderboard by method',
        parameters: [
          'method',
          'baseline',
          'judge',
          'dataset',
          'bootstrap',
          'seed',
          'style_control',
          'jury',
          'k',
          'group_by',
        ].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
        responses: {
          200: { description: 'LeaderboardResult: method, title, baseline, columns, rows, value, extra' },
          400: {
            description: 'bad parameter',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        },
      },
    },
    '/api/comparisons': {
      get: {
        summary: 'Comparisons, newest first',
        parameters: ['system', 'judge', 'failures', 'disagreement', 'limit', 'offset'].map((name) => ({
          name,
          in: 'query',
          schema: { type: 'string' },
        })),
        responses: { 200: { description: '{ total, rows }' } },
      },
      post: {
        summary: 'Submit comparisons (generic format rows); all or nothing',
        security: [{ admin: [] }],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { comparisons: { type: 'array', items: { type: 'object' } }, dataset: { type: 'string' } },
                required: ['comparisons'],
              },
            },
          },
        },
        responses: {
          201: { description: 'what was stored' },
          400: { description: 'invalid row (names row and field); nothing stored' },
          401: { description: 'missing or wrong admin token (the Authorization header only: never the read cookie)' },
          413: { description: 'body too large' },
          415: { description: 'the body is not sent as application/json' },
        },
      },
    },
    '/api/comparisons/{id}': {
      get: {
        summary: 'One comparison with both responses and every verdict on it',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: { 200: { description: 'ComparisonDetail' }, 404: { description: 'no such comparison' } },
      },
    },
    '/api/judges': {
      get: {
        summary: 'Judge reliability, agreement and biases (length, self-preference, order flips)',
        responses: { 200: { description: 'AgreementReport' } },
      },
    },
    '/api/findings': {
      get: {
        summary: 'Integrity findings of the last `winrate audit`',
        parameters: [{ name: 'system', in: 'query', schema: { type: 'string' } }],
        responses: { 200: { description: '{ findings: {system, dataset, item, check, severity, evidence}[] }' } },
      },
    },
    '/vote/{study}': {
      get: {
        summary: "The annotator's next blind task (HTML form)",
        parameters: [
          { name: 'study', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'token', in: 'query', required: true, schema: { type: 'string' } },
        ],
        responses: { 200: { description: 'voting page' }, 401: { description: 'no valid annotator token' } },
      },
      post: {
        summary:
          'Record a vote (form fields token, task, left, sig from the page; choice left|right|tie|both_bad; optional reason)',
        parameters: [{ name: 'study', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                properties: {
                  token: { type: 'string' },
                  task: { type: 'integer' },
                  left: { enum: ['x', 'y'] },
                  sig: { type: 'string' },
                  choice: { enum: ['left', 'right', 'tie', 'both_bad'] },
                  reason: { type: 'string' },
                },
                required: ['token', 'task', 'left', 'sig', 'choice'],
              },
            },
          },
        },
        responses: {
          303: { description: 'stored; redirects to the next task' },
          400: { description: 'malformed vote' },
          401: { description: 'no valid annotator token' },
          403: { description: 'signature mismatch or cross-site' },
          409: { description: 'already voted on this task' },
          413: { description: 'too large' },
          429: { description: 'rate limited' },
        },
      },
    },
  },
} as const;
