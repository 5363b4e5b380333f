import type { IWebhookFunctions } from 'n8n-workflow';

/** How many task events the trigger remembers to ignore PiAPI's repeated deliveries (oldest forgotten first). */
export const REMEMBERED_EVENTS = 1000;

interface TriggerStaticData {
	processedEvents?: string[];
}

// n8n gives each webhook call its own copy of the workflow's static data and saves that copy after the call. When
// callbacks overlap (a batch's tasks finish together), each call saves only its own event and the others' are lost,
// so their repeats would start the workflow again. The process therefore also keeps each production trigger's events
// in memory; the static data carries them over a restart. Test runs use the static data alone, which starts empty.
const eventsByTrigger = new Map<string, string[]>();

/** Whether this task event was passed on before; if not, it is remembered as passed on now. */
export function isRepeatedEvent(ctx: IWebhookFunctions, eventKey: string): boolean {
	const staticData = ctx.getWorkflowStaticData('node') as TriggerStaticData;
	const saved = staticData.processedEvents ?? [];
	const trigger = ctx.getMode() === 'manual' ? undefined : `${ctx.getWorkflow().id}:${ctx.getNode().id}`;
	const inMemory = trigger ? (eventsByTrigger.get(trigger) ?? []) : [];
	if (saved.includes(eventKey) || inMemory.includes(eventKey)) return true;

	const ownEvents = new Set(inMemory); // linear in the events, not saved × in memory
	const known = [...saved.filter((event) => !ownEvents.has(event)), ...inMemory, eventKey];
	const remembered = known.slice(-REMEMBERED_EVENTS);
	if (trigger) eventsByTrigger.set(trigger, remembered);
	staticData.processedEvents = remembered;
	return false;
}
