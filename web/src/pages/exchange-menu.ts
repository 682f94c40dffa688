// The officers' pages of the partner gateway, in menu order: the gateway's own sub-menu and
// the officer home list them from here (a module of its own, so that the home page does not
// load the gateway's screens).
export const exchangePages = [
  { to: '/officer/exchange', label: 'exchange.logTitle' },
  { to: '/officer/exchange/dead-letters', label: 'exchange.deadTitle' },
  { to: '/officer/exchange/departed', label: 'exchange.departedTitle' },
  { to: '/officer/exchange/activity', label: 'exchange.activityTitle' },
] as const;
