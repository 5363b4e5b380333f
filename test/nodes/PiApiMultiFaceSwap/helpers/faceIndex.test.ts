import { MAX_FACE_INDEX, normaliseFaceIndices } from '../../../../nodes/PiApiMultiFaceSwap/helpers/faceIndex';

describe('face index lists', () => {
	it.each([
		['0', '0'],
		['0,1', '0,1'],
		[' 2 , 0 ', '2,0'],
		['007', '7'],
		[String(MAX_FACE_INDEX), String(MAX_FACE_INDEX)],
	])('accepts %j as %j', (input, expected) => {
		expect(normaliseFaceIndices(input)).toEqual({ value: expected });
	});

	it.each([
		['', /empty/],
		['   ', /empty/],
		['a', /"a" is not a face index/],
		['-1', /"-1" is not a face index/],
		['1.5', /"1.5" is not a face index/],
		['0,,1', /empty entry/],
		['0,', /empty entry/],
		['1e3', /not a face index/],
		['99999999999', /larger than 99/],
		['0;1', /not a face index/],
	])('refuses %j', (input, problem) => {
		const result = normaliseFaceIndices(input);
		expect(result).toHaveProperty('problem');
		expect((result as { problem: string }).problem).toMatch(problem);
	});
});
