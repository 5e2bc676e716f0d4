/** A process that opens a library whose search index must be built, lets the background build
 *  write `steps` chunks (two cases each), says so on stdout, and is then killed by its parent
 *  (test/backend/search-index-build.test.ts): a crash in the middle of the build. */
import { Library } from '../../electron/backend/library';

const [path, stepsArg] = process.argv.slice(2);
const steps = Number(stepsArg);
let ran = 0;
new Library(path!, {
  indexChunkCases: 2,
  scheduleIndexBuild: (run) =>
    setImmediate(() => {
      if (ran === steps) {
        console.log('built-some');
        // Wait to be killed, the build left half done.
        setInterval(() => undefined, 1000);
        return;
      }
      ran++;
      run();
    }),
});
