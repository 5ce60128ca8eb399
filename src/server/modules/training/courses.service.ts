import type { Static } from '@sinclair/typebox';
import type { Transaction } from 'kysely';
import type { Actor } from '../../platform/authz/actor.js';
import { authorize } from '../../platform/authz/authorize.js';
import type { Executor } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.js';
import { Errors, type FieldProblem } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import * as repo from './courses.repository.js';
import { canEditCatalogue, viewerOf } from './training.policy.js';
import { wouldCreateCycle } from './training.rules.js';
import type { CreateCourseBody, UpdateCourseBody } from './training.schemas.js';

/** The catalogue: courses read by everyone, edited by the table and trainers. */

/** A course's fields as an edit gives them; those left out stay as they are. */
type CourseInput = Static<typeof UpdateCourseBody>;

export interface CourseDetail {
  course: repo.CourseRow;
  prerequisites: Array<{ id: string; title_fr: string; title_en: string }>;
}

/** The catalogue: active courses for everyone, inactive ones too for those who edit it. */
export function listCourses(platform: Platform, actor: Actor): Promise<repo.CourseRow[]> {
  return repo.listCourses(platform.db, { activeOnly: !canEditCatalogue(viewerOf(actor)) });
}

async function courseDetail(db: Executor, actor: Actor, id: string): Promise<CourseDetail> {
  const course = await repo.findCourse(db, id);
  if (!course || (!course.active && !canEditCatalogue(viewerOf(actor)))) throw Errors.notFound();
  return { course, prerequisites: await repo.courseTitles(db, course.prerequisite_ids) };
}

export function getCourse(platform: Platform, actor: Actor, id: string): Promise<CourseDetail> {
  return courseDetail(platform.db, actor, id);
}

async function checkCourseInput(
  trx: Transaction<DB>,
  input: CourseInput,
  courseId: string | null,
): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const field of ['titleFr', 'titleEn'] as const) {
    if (input[field] !== undefined && !input[field]!.trim()) problems.push({ field, rule: 'required' });
  }
  if (input.code !== undefined && (await repo.courseCodeTaken(trx, input.code, courseId))) {
    problems.push({ field: 'code', rule: 'taken' });
  }
  if (input.audiences && new Set(input.audiences).size !== input.audiences.length) {
    problems.push({ field: 'audiences', rule: 'invalid' });
  }
  if (input.prerequisiteIds) {
    const ids = [...new Set(input.prerequisiteIds)];
    const known = await repo.existingCourseIds(trx, ids);
    if (known.size !== ids.length) problems.push({ field: 'prerequisiteIds', rule: 'unknown' });
    else if (courseId && ids.includes(courseId)) {
      problems.push({ field: 'prerequisiteIds', rule: 'training_prerequisite_cycle' });
    } else if (courseId && wouldCreateCycle(await repo.prerequisiteEdges(trx), courseId, ids)) {
      problems.push({ field: 'prerequisiteIds', rule: 'training_prerequisite_cycle' });
    }
  }
  if (problems.length > 0) throw Errors.invalid(problems);
}

function courseValues(input: CourseInput): Partial<repo.CourseInsert> {
  const values: Partial<repo.CourseInsert> = {};
  if (input.code !== undefined) values.code = input.code;
  if (input.kind !== undefined) values.kind = input.kind;
  if (input.titleFr !== undefined) values.title_fr = input.titleFr.trim();
  if (input.titleEn !== undefined) values.title_en = input.titleEn.trim();
  if (input.descriptionFr !== undefined) values.description_fr = input.descriptionFr.trim();
  if (input.descriptionEn !== undefined) values.description_en = input.descriptionEn.trim();
  if (input.objectivesFr !== undefined) values.objectives_fr = input.objectivesFr.trim();
  if (input.objectivesEn !== undefined) values.objectives_en = input.objectivesEn.trim();
  if (input.durationDays !== undefined) values.duration_days = input.durationDays;
  if (input.audiences !== undefined) values.audiences = [...input.audiences];
  if (input.openToOutside !== undefined) values.open_to_outside = input.openToOutside;
  if (input.certificateValidityMonths !== undefined)
    values.certificate_validity_months = input.certificateValidityMonths;
  if (input.networkPrerequisite !== undefined) values.network_prerequisite = input.networkPrerequisite;
  if (input.active !== undefined) values.active = input.active;
  return values;
}

/** Adds a course to the catalogue. Throws validation_failed (code taken, unknown prerequisite). */
export async function createCourse(
  platform: Platform,
  actor: Actor,
  input: Static<typeof CreateCourseBody>,
): Promise<string> {
  authorize(canEditCatalogue(viewerOf(actor)), { hide: false });
  return platform.db.transaction().execute(async (trx) => {
    await repo.lockCatalogue(trx);
    await checkCourseInput(trx, input, null);
    const values = courseValues(input);
    if (values.network_prerequisite) await repo.clearNetworkPrerequisite(trx, null);
    const id = await repo.insertCourse(trx, {
      kind: 'course',
      description_fr: '',
      description_en: '',
      objectives_fr: '',
      objectives_en: '',
      audiences: [],
      open_to_outside: false,
      certificate_validity_months: null,
      network_prerequisite: false,
      active: true,
      ...values,
      code: input.code,
      title_fr: input.titleFr.trim(),
      title_en: input.titleEn.trim(),
      duration_days: input.durationDays,
    });
    if (input.prerequisiteIds) await repo.replacePrerequisites(trx, id, [...new Set(input.prerequisiteIds)]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.course.create',
      targetType: 'training_course',
      targetId: id,
      meta: { code: input.code },
    });
    return id;
  });
}

/** Edits a course; a prerequisite list that would make a cycle is refused, nothing stored. */
export async function updateCourse(platform: Platform, actor: Actor, id: string, input: CourseInput) {
  authorize(canEditCatalogue(viewerOf(actor)), { hide: false });
  await platform.db.transaction().execute(async (trx) => {
    await repo.lockCatalogue(trx);
    if (!(await repo.findCourse(trx, id))) throw Errors.notFound();
    await checkCourseInput(trx, input, id);
    const values = courseValues(input);
    if (values.network_prerequisite) await repo.clearNetworkPrerequisite(trx, id);
    await repo.updateCourse(trx, id, values, platform.now());
    if (input.prerequisiteIds) await repo.replacePrerequisites(trx, id, [...new Set(input.prerequisiteIds)]);
    await platform.audit.append(trx, {
      actor: actor.personId,
      action: 'training.course.update',
      targetType: 'training_course',
      targetId: id,
      meta: { fields: Object.keys(input) },
    });
  });
}
