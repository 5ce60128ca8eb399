import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import { accessModule } from '../modules/access/module';
import { alertsModule } from '../modules/alerts/module';
import { consultationsModule } from '../modules/consultations/module';
import { governanceModule } from '../modules/governance/module';
import { networkModule } from '../modules/network/module';
import { observatoryModule } from '../modules/observatory/module';
import { referralsModule } from '../modules/referrals/module';
import { reportsModule } from '../modules/reports/module';
import { resourcesModule } from '../modules/resources/module';
import { resourceSearchModule } from '../modules/resources/search.module';
import { tipsModule } from '../modules/tips/module';
import { trainingModule } from '../modules/training/module';

/** A link of the main navigation, shown when the session's permissions allow. */
export interface NavItem {
  to: string;
  /** Key in the web catalogue. */
  labelKey: string;
  /** Permission that must be true (one of them, for a list); absent means every signed-in member. */
  permission?: string | readonly string[];
}

/**
 * A card of the home page's "what needs me now": a module shows what waits for the person (counts that
 * link to the list), when the session's permissions allow.
 */
export interface HomeCard {
  key: string;
  /** Permission that must be true (one of them, for a list). */
  permission: string | readonly string[];
  Card: ComponentType;
}

/** What a capability module adds to the staff app: signed-in routes, navigation links, home cards. */
export interface WebModule {
  routes: RouteObject[];
  nav: NavItem[];
  home?: HomeCard[];
}

/** The capability modules, in navigation order. Each keeps its screens in src/web/modules/<name>/. */
export const webModules: WebModule[] = [
  networkModule,
  governanceModule,
  trainingModule,
  alertsModule,
  resourcesModule,
  resourceSearchModule,
  referralsModule,
  consultationsModule,
  observatoryModule,
  reportsModule,
  tipsModule,
  accessModule,
];
