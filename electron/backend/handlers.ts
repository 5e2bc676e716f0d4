import { join } from 'node:path';
import type { Input, Output } from '../../shared/contract/contract';
import type { AsyncMethod, MethodName } from '../../shared/contract/methods';
import { CausewayError } from '../../shared/contract/errors';
import { CaseFields, CaseQuery } from '../../shared/domain/case';
import { demoCases } from '../../shared/domain/demo';
import { demoFishbones } from '../../shared/domain/demo-fishbones';
import { demoNeeds } from '../../shared/domain/demo-needs';
import { demoPlans } from '../../shared/domain/demo-plans';
import { demoWhys } from '../../shared/domain/demo-whys';
import type { FishboneCommand } from '../../shared/domain/fishbone-commands';
import { fieldsFromTemplate } from '../../shared/domain/templates';
import type { WhyCommand } from '../../shared/domain/why-commands';
import { CATALOGS } from '../../shared/i18n/catalogs';
import type { Library } from './library';
import { createLibraryHandlers } from './library-handlers';
import { LibraryRegistry } from './library-registry';
import { LATEST_VERSION } from './migrations';
import { defaultCopyName } from './library-copy';
import { exportCaseFile, importCaseFile, previewCaseFile, scanCaseFileAnonymise } from './case-file';
import { exportReport, freeFileName, reportPreview } from './report-export';
import { insightsHandlers } from './insights/handlers';
import { createRetroHandlers, libraryRetroManager } from './retro/retro-handlers';
import { RetroLan } from './retro/lan-controller';
import type { RetroSessionManager } from './retro/session-manager';
import type { LanInterface } from '../../shared/domain/retro-phones';

/** One handler per method; those of ASYNC_METHODS return a promise. */
export type Handlers = { [M in MethodName]: (input: Input<M>) => M extends AsyncMethod ? Promise<Output<M>> : Output<M> };

export interface HandlerContext {
  library: Library;
  version: string;
  shell: 'electron' | 'browser';
  /** Prints a report's HTML to PDF: Electron's printToPDF in the desktop app. Without it, PDF
   *  goes through headless Chromium when installed (see pdf.ts). */
  printPdf?: (html: string) => Promise<Uint8Array>;
  /** The clock reports are dated with. */
  now?: () => Date;
  /** The list of libraries with their names and colours; in memory only when not given. */
  registry?: LibraryRegistry;
  /** The user-data folder (see library-handlers.ts). */
  userDataDir?: string;
  /** The desktop app's native dialog to pick a library file. */
  chooseLibraryFile?: () => Promise<string | null>;
  /** The desktop app's native dialog to pick a case file to import. */
  chooseCaseFile?: () => Promise<string | null>;
  /** The live team sessions; the participants' LAN layer passes the one it shares. */
  retro?: RetroSessionManager;
  /** Participants' phones: the built phone page (dist/phone) and the addresses offered (the
   *  machine's own by default; tests offer 127.0.0.1 only); `register` is handed the controller,
   *  so the shell can close every phones' server when it quits. */
  retroPhones?: { assetDir: string; interfaces?: () => LanInterface[]; log?: (line: string) => void; register?: (lan: RetroLan) => void };
}

/** The backend side of every contract method. Inputs arrive already validated. */
export function createHandlers({ library, version, shell, printPdf, now = () => new Date(), registry, userDataDir, chooseLibraryFile, chooseCaseFile, retro, retroPhones }: HandlerContext): Handlers {
  const reportDeps = { now, ...(printPdf ? { printPdf } : {}) };
  const libraries = registry ?? new LibraryRegistry(null, now);
  // One manager for the facilitator's methods and the phones' server alike.
  const sessions = retro ?? libraryRetroManager(library);
  const lan = new RetroLan({ manager: sessions, libraryPath: () => library.dbPath, assetDir: retroPhones?.assetDir ?? '', ...(retroPhones?.interfaces ? { interfaces: retroPhones.interfaces } : {}), ...(retroPhones?.log ? { log: retroPhones.log } : {}) });
  retroPhones?.register?.(lan);
  return {
    ...createLibraryHandlers({
      library,
      registry: libraries,
      ...(userDataDir ? { userDataDir } : {}),
      ...(chooseLibraryFile ? { chooseLibraryFile } : {}),
    }),
    'app:info': () => ({ version, schemaVersion: LATEST_VERSION, dbPath: library.dbPath, shell }),
    'db:status': () => library.status(),
    'db:backups': () => library.backups(),
    'db:restoreBackup': ({ id }) => library.restore(id),
    // File › Open database… and the recovery screen: a file that opens joins the recent list.
    'db:openFile': ({ path }) => {
      const status = library.open(path);
      if (status.state === 'ok') libraries.opened(status.path);
      return status;
    },
    'db:saveCopy': () => {
      const dir = library.copyDir;
      return library.saveCopy(join(dir, freeFileName(dir, defaultCopyName(library.dbPath, now()))));
    },

    'cases:list': (input) => library.repo.list(CaseQuery.parse(input)),
    'cases:tags': () => library.repo.tags(),
    'cases:touchpoints': () => library.repo.ownTouchpoints(),
    'cases:get': ({ id }) => library.repo.get(id),
    'cases:create': ({ templateId, title, language }) => {
      const fields = fieldsFromTemplate(templateId, language, title ?? (templateId ? undefined : CATALOGS[language].case.untitled));
      if (!fields) throw new CausewayError('validation', `No template ${templateId}.`, { issues: [{ path: ['templateId'], reason: 'invalid_choice' }] });
      // Normalised as an update would be (a template title's trailing space is trimmed), so the row
      // holds exactly what the API returns.
      return library.repo.create(CaseFields.parse(fields), [], undefined, templateId ?? null);
    },
    // Writes run once per operation id (see op-log.ts) and are refused when based on an older revision.
    'cases:update': ({ id, revision, patch, opId }) => library.ops.once(opId, 'cases:update', () => library.repo.update(id, revision, patch)),
    'cases:trash': ({ id }) => library.repo.trash(id),
    'cases:restore': ({ id }) => library.repo.restore(id),
    'cases:emptyTrash': () => ({ removed: library.repo.emptyTrash() }),

    'timeline:add': ({ caseId, id, event, index, revision, opId }) =>
      library.ops.once(opId, 'timeline:add', () => library.repo.addEvent(caseId, event, index, id, revision)),
    'timeline:update': ({ id, patch, revision, opId }) => library.ops.once(opId, 'timeline:update', () => library.repo.updateEvent(id, patch, revision)),
    'timeline:move': ({ id, toIndex, revision, opId }) => library.ops.once(opId, 'timeline:move', () => library.repo.moveEvent(id, toIndex, revision)),
    'timeline:remove': ({ id, revision, opId }) => library.ops.once(opId, 'timeline:remove', () => library.repo.removeEvent(id, revision)),

    'fishbone:get': ({ caseId }) => library.fishbones.get(caseId),
    // The recursive Cause schema types its input loosely (`unknown[]` children); what arrives here
    // has been parsed by it, so it is a FishboneCommand.
    'fishbone:apply': ({ caseId, command, revision, opId }) =>
      library.ops.once(opId, 'fishbone:apply', () => library.fishbones.apply(caseId, command as FishboneCommand, revision)),

    'whys:get': ({ caseId }) => library.whys.get(caseId),
    // As for the fishbone: the recursive Why schema types its input loosely; what arrives here has
    // been parsed by it, so it is a WhyCommand.
    'whys:apply': ({ caseId, command, revision, opId }) => library.ops.once(opId, 'whys:apply', () => library.whys.apply(caseId, command as WhyCommand, revision)),

    'plan:get': ({ caseId }) => library.plans.get(caseId),
    'plan:apply': ({ caseId, command, revision, opId }) => library.ops.once(opId, 'plan:apply', () => library.plans.apply(caseId, command, revision)),

    'roots:get': ({ caseId }) => library.rootCauses.get(caseId),
    'roots:apply': ({ caseId, command, revision, opId }) => library.ops.once(opId, 'roots:apply', () => library.rootCauses.apply(caseId, command, revision)),

    'demo:load': ({ language }) =>
      library.transaction(() => {
        const fishbones = demoFishbones(language);
        const whys = demoWhys(language, fishbones);
        const plans = demoPlans(language, fishbones, whys);
        const needs = demoNeeds(language);
        const caseIds = library.repo.createMany(demoCases(language)).map((d) => d.case.id);
        caseIds.forEach((caseId, i) => {
          (needs[i] ?? []).forEach((need, index) => library.needs.apply(caseId, { type: 'addNeed', index, need }));
          const fishbone = fishbones[i];
          if (fishbone) library.fishbones.apply(caseId, { type: 'replace', fishbone });
          (whys[i] ?? []).forEach((analysis, index) => library.whys.apply(caseId, { type: 'addAnalysis', index, analysis }));
          // The plan links to the causes and whys just stored; its one check found not effective
          // points at a why that is already a hypothesis, so no status changes.
          const plan = plans[i];
          if (!plan) return;
          plan.actions.forEach((action, index) => library.plans.apply(caseId, { type: 'addAction', index, action }));
          plan.feedback.forEach((feedback, index) => library.plans.apply(caseId, { type: 'addFeedback', index, feedback }));
          plan.lessons.forEach((lesson, index) => library.plans.apply(caseId, { type: 'addLesson', index, lesson }));
          plan.improvements.forEach((improvement, index) => library.plans.apply(caseId, { type: 'addImprovement', index, improvement }));
        });
        return { caseIds };
      }),

    'search:query': (input) => library.search.query(input),
    'search:similar': ({ caseId, limit }) => library.search.similar(caseId, limit),
    'lessons:list': (input) => library.search.lessons(input),

    'report:preview': (input) => reportPreview(library, input, reportDeps),
    'report:export': (input) => exportReport(library, input, reportDeps),

    'casefile:export': (input) => exportCaseFile(library, input, { now, version }),
    'casefile:scanAnonymise': (input) => scanCaseFileAnonymise(library, input),
    'casefile:preview': (input) => previewCaseFile(library, input),
    'casefile:import': (input) => importCaseFile(library, input),

    // Customer needs and KANO
    'needs:get': ({ caseId }) => library.needs.get(caseId),
    'needs:apply': ({ caseId, command, revision, opId }) => library.ops.once(opId, 'needs:apply', () => library.needs.apply(caseId, command, revision)),
    'kano:chart': (input) => library.kano.chart(input),
    'kano:drill': (input) => library.kano.drill(input),

    // Insights: patterns across cases
    ...insightsHandlers(library, reportDeps),
    ...createRetroHandlers(library, sessions),

    // retrospective phones
    'retro:lanInterfaces': () => ({ interfaces: lan.addresses() }),
    'retro:openLan': ({ caseId, address }) => lan.open(caseId, address),
    'retro:closeLan': ({ caseId }) => lan.close(caseId),
    'retro:participants': ({ caseId }) => lan.participants(caseId),

    // Case files: the desktop app's native open dialog for an import
    'casefile:chooseFile': async () => {
      if (!chooseCaseFile) throw new CausewayError('validation', 'No file dialog in this window: choose the file in the page.', { reason: 'casefile_no_dialog' });
      return { path: await chooseCaseFile() };
    },
  };
}
