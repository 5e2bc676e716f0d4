/** The names of every API method, `domain:verb`. Kept free of schemas so the preload bundle stays tiny. */
export const METHOD_NAMES = [
  'app:info',
  'db:status',
  'db:backups',
  'db:restoreBackup',
  'db:openFile',
  'cases:list',
  'cases:tags',
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
  'demo:load',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];
