// The model II operations and the names a scenario step uses for them.
import type { Ctx } from '../ctx';
import type { MachineState } from '../state';
import type { StepResult } from '../types';
import {
  cacheEvict,
  cpuRead,
  cpuSpeculativeLoad,
  cpuWrite,
  deviceRead,
  deviceWrite,
  driverUnbind,
} from './data';
import { dmaMappingError, dmaMapResource, dmaMapSg, dmaMapSingleOrPage, dmaUnmap } from './mapping';
import { driverAllocPages, driverFreePages, driverVfree, driverVmalloc, kfree, kmalloc } from './slab';
import { dmaSyncSg, dmaSyncSingle } from './sync';

type Handler = (s: MachineState, ctx: Ctx, op: string, args: Readonly<Record<string, unknown>>) => StepResult;

export const STREAM_OPS: ReadonlyArray<readonly [string, Handler]> = [
  ['kmalloc', kmalloc],
  ['kfree', kfree],
  ['alloc_pages', driverAllocPages],
  ['__free_pages', driverFreePages],
  ['vmalloc', driverVmalloc],
  ['vfree', driverVfree],
  ['stack_buffer', driverVmalloc],
  ['dma_map_single', dmaMapSingleOrPage],
  ['dma_map_single_attrs', dmaMapSingleOrPage],
  ['dma_map_page', dmaMapSingleOrPage],
  ['dma_map_page_attrs', dmaMapSingleOrPage],
  ['dma_map_sg', dmaMapSg],
  ['dma_map_sg_attrs', dmaMapSg],
  ['dma_map_resource', dmaMapResource],
  ['dma_unmap_single', dmaUnmap],
  ['dma_unmap_single_attrs', dmaUnmap],
  ['dma_unmap_page', dmaUnmap],
  ['dma_unmap_page_attrs', dmaUnmap],
  ['dma_unmap_sg', dmaUnmap],
  ['dma_unmap_sg_attrs', dmaUnmap],
  ['dma_unmap_resource', dmaUnmap],
  ['dma_sync_single_for_cpu', dmaSyncSingle],
  ['dma_sync_single_for_device', dmaSyncSingle],
  ['dma_sync_sg_for_cpu', dmaSyncSg],
  ['dma_sync_sg_for_device', dmaSyncSg],
  ['dma_mapping_error', dmaMappingError],
  ['cpu_write', cpuWrite],
  ['cpu_read', cpuRead],
  ['device_write', deviceWrite],
  ['device_read', deviceRead],
  ['cpu_speculative_load', cpuSpeculativeLoad],
  ['cache_evict', cacheEvict],
  ['driver_unbind', driverUnbind],
];
