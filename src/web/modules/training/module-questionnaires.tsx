import type { RouteObject } from 'react-router';
import type { NavItem } from '../../app/module-registry';

/** Evaluations, needs surveys and the training figures dashboard. */
export const questionnaireRoutes: RouteObject[] = [];
export const questionnaireNav: NavItem[] = [];
