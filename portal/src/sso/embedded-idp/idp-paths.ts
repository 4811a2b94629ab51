/** Where the embedded identity provider lives on the portal's origin (discovery below it). */
export const IDP_PREFIX = '/oidc';
