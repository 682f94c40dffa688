import { createRootRoute, createRoute, createRouter, lazyRouteComponent } from '@tanstack/react-router';
import { Layout } from './components.tsx';
import { Register } from './pages/register.tsx';
import { StaffSignIn } from './pages/staff-sign-in.tsx';
import { VerifyCard } from './pages/verify.tsx';
import { Home, MyMembership, SignIn } from './pages/worker.tsx';

// The worker portal's pages ship with the first load; the claims screens, the back office,
// the partner console and the dashboard (with ECharts) load when first opened.
const rootRoute = createRootRoute({ component: Layout });
const officer = () => import('./pages/officer.tsx');
const partner = () => import('./pages/partner.tsx');
const claims = () => import('./pages/claims.tsx');
const exchange = () => import('./pages/exchange.tsx');
const review = () => import('./pages/review.tsx');

const routes = [
  createRoute({ getParentRoute: () => rootRoute, path: '/', component: Home }),
  createRoute({ getParentRoute: () => rootRoute, path: '/register', component: Register }),
  createRoute({ getParentRoute: () => rootRoute, path: '/signin', component: SignIn }),
  createRoute({ getParentRoute: () => rootRoute, path: '/me', component: MyMembership }),
  createRoute({ getParentRoute: () => rootRoute, path: '/verify', component: VerifyCard }),
  createRoute({ getParentRoute: () => rootRoute, path: '/staff', component: StaffSignIn }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer', component: lazyRouteComponent(officer, 'OfficerHome') }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/members/$membershipNumber',
    component: lazyRouteComponent(officer, 'OfficerMember'),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer/payments', component: lazyRouteComponent(officer, 'Payments') }),
  createRoute({ getParentRoute: () => rootRoute, path: '/partner', component: lazyRouteComponent(partner, 'PartnerHome') }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/partner/members/$membershipNumber',
    component: lazyRouteComponent(partner, 'PartnerMember'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/dashboard',
    component: lazyRouteComponent(() => import('./pages/dashboard.tsx'), 'DashboardPage'),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/claims', component: lazyRouteComponent(claims, 'MyClaims') }),
  createRoute({ getParentRoute: () => rootRoute, path: '/claims/new', component: lazyRouteComponent(claims, 'NewClaim') }),
  createRoute({ getParentRoute: () => rootRoute, path: '/claims/$claimNumber', component: lazyRouteComponent(claims, 'MyClaim') }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer/claims', component: lazyRouteComponent(claims, 'ClaimQueue') }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/claims/$claimNumber',
    component: lazyRouteComponent(claims, 'OfficerClaim'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/members/$membershipNumber/claim',
    component: lazyRouteComponent(claims, 'DeskClaim'),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer/claim-payments', component: lazyRouteComponent(claims, 'ClaimPayments') }),
  // The partner gateway's uploads (issue 5) add their routes here.
  createRoute({ getParentRoute: () => rootRoute, path: '/partner/files', component: lazyRouteComponent(exchange, 'PartnerFiles') }),
  createRoute({ getParentRoute: () => rootRoute, path: '/partner/files/$importId', component: lazyRouteComponent(exchange, 'FileReport') }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer/exchange', component: lazyRouteComponent(exchange, 'MessageLog') }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/exchange/dead-letters',
    component: lazyRouteComponent(exchange, 'DeadLetters'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/exchange/departed',
    component: lazyRouteComponent(exchange, 'DepartedWithoutProtection'),
  }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/exchange/activity',
    component: lazyRouteComponent(exchange, 'PartnerActivity'),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer/review', component: lazyRouteComponent(review, 'ReviewQueue') }),
  createRoute({
    getParentRoute: () => rootRoute,
    path: '/officer/review/$partnerRecordId',
    component: lazyRouteComponent(review, 'ReviewPair'),
  }),
  createRoute({ getParentRoute: () => rootRoute, path: '/officer/leads', component: lazyRouteComponent(review, 'Leads') }),
];

export const router = createRouter({ routeTree: rootRoute.addChildren(routes), defaultPreload: 'intent' });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
