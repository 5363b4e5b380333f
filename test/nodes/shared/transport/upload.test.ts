// The URL of a file uploaded through PiAPI's file upload: where PiAPI's docs put it, and where PiAPI's CLI reads it.
// (The upload itself, its 403 and its host, run through n8n's engine in swapVideoFaces.operation.test.ts.)
import { uploadedUrlOf } from '../../../../nodes/shared/transport/upload';

const URL_ = 'https://img.theapi.app/ephemeral/5b1f.mp4';

describe('the uploaded file’s URL', () => {
	it('is data.url, as PiAPI documents it', () => {
		expect(uploadedUrlOf({ code: 200, data: { url: URL_ }, message: 'success' })).toBe(URL_);
	});

	it('is a top-level url when there is no data.url, as PiAPI’s CLI reads it', () => {
		expect(uploadedUrlOf({ code: 200, url: URL_ })).toBe(URL_);
		expect(uploadedUrlOf({ code: 200, data: {}, url: ` ${URL_} ` })).toBe(URL_);
	});

	it('is missing when the answer holds no http(s) URL', () => {
		expect(uploadedUrlOf({ code: 200, data: null, message: 'success' })).toBeUndefined();
		expect(uploadedUrlOf({ code: 200, data: { url: 'ftp://files.example.com/x.mp4' } })).toBeUndefined();
		expect(uploadedUrlOf({ code: 200, data: { url: 42 } })).toBeUndefined();
	});
});
