import type { IExecuteFunctions } from 'n8n-workflow';

type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

/** A streamed response body (a Node Readable); `map` gives a stream of the chunks as `fn` returns them. */
export interface StreamBody {
	destroy(): void;
	map(fn: (chunk: Buffer) => Buffer): BinarySource;
	read(): Buffer | null;
	readonly readableEnded: boolean;
	unshift(chunk: Buffer): void;
	on(event: 'readable' | 'end' | 'close' | 'error', listener: (error?: Error) => void): unknown;
	off(event: 'readable' | 'end' | 'close' | 'error', listener: (error?: Error) => void): unknown;
}

/**
 * Closes a response that is not wanted. n8n 2.x hands over a stream that pulls from the connection only once read:
 * destroyed before that, it leaves the connection open (and the server stalled), so it is started first.
 */
export function discard(body: StreamBody): void {
	body.read();
	body.destroy();
}

/**
 * Reads the first `size` bytes or more (what arrived in whole chunks; fewer when the body is shorter) from the paused
 * stream. The caller puts them back (`unshift`) and the rest streams on, so the whole file is never held.
 */
export function readHead(body: StreamBody, size: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let length = 0;
		const settle = (error?: Error) => {
			body.off('readable', onReadable);
			body.off('end', onEnd);
			body.off('close', onClose);
			body.off('error', onError);
			if (error) reject(error);
			else resolve(Buffer.concat(chunks));
		};
		const onReadable = () => {
			while (length < size) {
				const chunk = body.read();
				if (chunk === null) return;
				chunks.push(chunk);
				length += chunk.length;
			}
			settle();
		};
		const onEnd = () => settle();
		const onClose = () => settle(new Error('the connection closed before the end of the file'));
		const onError = (error?: Error) => settle(error ?? new Error('the download failed'));
		body.on('readable', onReadable);
		body.on('end', onEnd);
		body.on('close', onClose);
		body.on('error', onError);
	});
}
