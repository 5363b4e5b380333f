import type { IWebhookFunctions } from 'n8n-workflow';

/** How many task events the trigger remembers to ignore PiAPI's repeated deliveries (oldest forgotten first). */
export const REMEMBERED_EVENTS = 1000;

interface TriggerStaticData {
	processedEvents?: string[];
}

// n8n gives each webhook call its own copy of the workflow's static data and saves that copy after the call. When
// callbacks overlap (a batch's tasks finish together), each call saves only its own event and the others' are lost,
// so their repeats would start the workflow again. The process therefore also keeps each production trigger's events
// in memory, in one list that every call's static data points to: n8n serializes it when it saves, so a call that ends
// after a later one (a slower download) still saves the later events. The static data carries them over a restart.
// Test runs use the static data alone, which starts empty.
const eventsByTrigger = new Map<string, string[]>();

/** Whether this task event was passed on before; if not, it is remembered as passed on now. */
export function isRepeatedEvent(ctx: IWebhookFunctions, eventKey: string): boolean {
	const staticData = ctx.getWorkflowStaticData('node') as TriggerStaticData;
	const saved = staticData.processedEvents ?? [];
	const trigger = ctx.getMode() === 'manual' ? undefined : `${ctx.getWorkflow().id}:${ctx.getNode().id}`;
	const known = (trigger && eventsByTrigger.get(trigger)) || [];
	if (saved.includes(eventKey) || known.includes(eventKey)) return true;

	// Changed in place: the lists earlier calls handed to n8n are this one.
	const own = new Set(known); // linear in the events, not saved × known
	known.unshift(...saved.filter((event) => !own.has(event)));
	known.push(eventKey);
	known.splice(0, Math.max(0, known.length - REMEMBERED_EVENTS));
	if (trigger) eventsByTrigger.set(trigger, known);
	staticData.processedEvents = known;
	return false;
}
