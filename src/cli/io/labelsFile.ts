/** Readers for the quality commands' input files (crowd-kit's column conventions). */
import { sortClasses, type EncodedLabels } from '../../quality/encoded.js';
import type { NumericLabels } from '../../quality/numeric/types.js';
import type { Comparisons } from '../../quality/ranking/types.js';
import { UserInputError } from '../../domain/errors.js';
import { numericDictionary, readInternedCsv } from './csvColumns.js';

/** `worker,task,label` → EncodedLabels (classes in numeric-aware sorted order). */
export function readLabelsFile(file: string): EncodedLabels {
  const table = readInternedCsv(file, { columns: ['worker', 'task', 'label'], dictionary: [0, 1, 2] });
  const [workers, tasks, labels] = table.ids;
  const [workerNames, taskNames, classNames] = table.dictionaries;
  return sortClasses({ workers, tasks, labels, workerNames, taskNames, classNames });
}

/** `worker,task,label` with numeric labels; a non-number is an error naming its line. */
export function readNumericLabelsFile(file: string): NumericLabels {
  const table = readInternedCsv(file, { columns: ['worker', 'task', 'label'], dictionary: [0, 1, 2] });
  const valueOfLabel = numericDictionary(file, table, 2, 'label');
  const [workers, tasks, labelIds] = table.ids;
  const values = new Float64Array(labelIds.length);
  for (let i = 0; i < values.length; i++) values[i] = valueOfLabel[labelIds[i]];
  return { workers, tasks, values, workerNames: table.dictionaries[0], taskNames: table.dictionaries[1] };
}

/** `task,label` gold answers. */
export function readGoldFile(file: string): { task: string; label: string }[] {
  const table = readInternedCsv(file, { columns: ['task', 'label'], dictionary: [0, 1] });
  const [tasks, labels] = table.ids;
  return Array.from({ length: table.rowCount }, (_, i) => ({
    task: table.dictionaries[0][tasks[i]],
    label: table.dictionaries[1][labels[i]],
  }));
}

/** `worker,left,right,label` (label = the winner, which must be left or right). */
export function readComparisonsFile(file: string): Comparisons {
  const table = readInternedCsv(file, { columns: ['worker', 'left', 'right', 'label'], dictionary: [0, 1, 1, 1] });
  const [workers, left, right, label] = table.ids;
  const winners = new Int32Array(table.rowCount),
    losers = new Int32Array(table.rowCount);
  for (let i = 0; i < table.rowCount; i++) {
    const where = { file, line: table.rowLines[i], field: 'label' };
    if (left[i] === right[i])
      throw new UserInputError(`left and right are the same item "${table.dictionaries[1][left[i]]}"`, { ...where, field: 'right' });
    if (label[i] === left[i]) (winners[i] = left[i]), (losers[i] = right[i]);
    else if (label[i] === right[i]) (winners[i] = right[i]), (losers[i] = left[i]);
    else throw new UserInputError(`label "${table.dictionaries[1][label[i]]}" must name the winner: left or right`, where);
  }
  return { winners, losers, workers, itemNames: table.dictionaries[1], workerNames: table.dictionaries[0] };
}
