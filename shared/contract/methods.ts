/** The names of every API method, `domain:verb`. Kept free of schemas so the preload bundle stays tiny. */
export const METHOD_NAMES = [
  'app:info',
  'db:status',
  'db:backups',
  'db:restoreBackup',
  'db:openFile',
  'db:saveCopy',
  'library:list',
  'library:create',
  'library:open',
  'library:openDialog',
  'library:rename',
  'library:setColour',
  'library:forget',
  'library:close',
  'cases:list',
  'cases:tags',
  'cases:touchpoints',
  'cases:get',
  'cases:create',
  'cases:update',
  'cases:trash',
  'cases:restore',
  'cases:emptyTrash',
  'timeline:add',
  'timeline:update',
  'timeline:move',
  'timeline:remove',
  'fishbone:get',
  'fishbone:apply',
  'whys:get',
  'whys:apply',
  'plan:get',
  'plan:apply',
  'roots:get',
  'roots:apply',
  'search:query',
  'search:similar',
  'lessons:list',
  'demo:load',
  'report:preview',
  'report:export',
  'casefile:export',
  'casefile:scanAnonymise',
  'casefile:preview',
  'casefile:import',
  // Customer needs and KANO (step 1; Better/Worse across cases)
  'needs:get',
  'needs:apply',
  'kano:chart',

  // Insights: patterns across cases
  'insights:get',
  'insights:drill',
  'insights:setEmotion',
  'insights:report',
  // retrospective (team session on the room's screen, shared/domain/retro.ts)
  'retro:start',
  'retro:get',
  'retro:update',
  'retro:addParticipant',
  'retro:removeParticipant',
  'retro:vote',
  'retro:reveal',
  'retro:acceptProposal',
  'retro:rejectProposal',
  'retro:applyVotes',
  'retro:close',
  // retrospective phones
  'retro:lanInterfaces',
  'retro:openLan',
  'retro:closeLan',
  'retro:participants',

  // KANO chart: every case behind one point (the chart names only a few)
  'kano:drill',

  // Case files: the desktop app's native open dialog for an import
  'casefile:chooseFile',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Methods whose handler returns a promise (PDF and DOCX are made asynchronously); dispatch then
 *  answers with a promise too. Every other method answers synchronously. */
export const ASYNC_METHODS = ['report:export', 'casefile:export', 'casefile:preview', 'casefile:import', 'library:openDialog', 'insights:report', 'retro:openLan', 'retro:closeLan', 'casefile:chooseFile'] as const satisfies readonly MethodName[];
export type AsyncMethod = (typeof ASYNC_METHODS)[number];
export type SyncMethod = Exclude<MethodName, AsyncMethod>;
