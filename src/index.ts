/**
 * stackdeck's public API: what diagram definition files import.
 *
 *   import { defineStack } from 'stackdeck'
 */
export { box, defineComparison, defineStack, group, row } from './model/define.ts'
export type {
  BraceDef,
  ColumnDef,
  ComparisonDef,
  ComparisonDiagram,
  Diagram,
  GroupDef,
  LayerDef,
  PanelDef,
  RowDef,
  StackDef,
  StackDiagram,
  StackItemDef,
  Tone,
} from './model/types.ts'
export { StackdeckError } from './errors.ts'
