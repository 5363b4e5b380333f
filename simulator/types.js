// @ts-check
// Shared JSDoc types of the PiAPI simulator (no runtime code).

/** @typedef {'pending'|'staged'|'processing'|'completed'|'failed'|'cancelled'} TaskStatus */
/** @typedef {'image_url'|'image_urls'|'image_base64'} OutputShape */
/** @typedef {'video_url'|'video_urls'|'video'|'image_url'|'image_urls'} VideoOutputField */
/** @typedef {'create'|'task'} VideoRejection */
/** @typedef {import('./video-check').VideoInfo} VideoInfo */
/** @typedef {'completed'|'failed'} Outcome */
/** @typedef {'lower'|'capitalized'} StatusCase */
/** @typedef {boolean|'together'|'later'|'mixed'} DuplicateWebhooks */

/**
 * What a task will do; returned (partially) by the `plan` hook.
 * @typedef {object} TaskPlan
 * @property {number} [processingMs] how long the task stays `processing`
 * @property {Outcome} [outcome]
 * @property {OutputShape|VideoOutputField} [outputShape] unified API only (videos: a VideoOutputField)
 * @property {string} [message] failure message (default: PiAPI's no-face message)
 * @property {string|null} [detail] failure detail (`error.detail`; default null)
 */

/**
 * @typedef {object} PlanInput what the `plan` hook sees of a new task
 * @property {string} id
 * @property {'unified'|'legacy'} api
 * @property {string} model '' for legacy tasks
 * @property {string} taskType
 * @property {Record<string, unknown>} input
 * @property {string|undefined} apiKey
 * @property {VideoInfo|null} video the target video as read (video tasks whose video could be read)
 */

/**
 * Options of startSimulator() and configure(); all optional.
 * @typedef {object} SimulatorOptions
 * @property {number} [port] 0 = random free port (default 0)
 * @property {string[]} [apiKeys] accepted X-API-Key values (default ['sim-test-key'])
 * @property {number} [pendingMs] time a task stays `pending` before processing starts (default 300)
 * @property {number} [processingMs] time a task stays `processing` (default 1500)
 * @property {number} [jitter] +/- fraction applied to processingMs (default 0)
 * @property {number} [seed] seed of the jitter PRNG (default 1)
 * @property {number} [concurrency] tasks pending or processing at once; more are `staged` (default Infinity)
 * @property {number} [stagingLimit] staged tasks at most; a creation over it gets 429 and creates nothing (default
 *   Infinity; 0 = no staging)
 * @property {((task: PlanInput) => TaskPlan|undefined)|null} [plan] per-task behaviour hook
 * @property {OutputShape} [outputShape] where unified results go (default 'image_url')
 * @property {StatusCase} [statusCase] spelling of statuses (default 'lower')
 * @property {DuplicateWebhooks} [duplicateWebhooks] deliver each webhook twice: true = the copy once the first is
 *   answered, 'together' = both at once, 'later' = the copy webhookRetryDelayMs after the first is answered, 'mixed' =
 *   'together' and 'later' alternating per task (from the seed) (default false)
 * @property {number} [webhookRetryDelayMs] delay of 'later' copies and of retries (default 3000)
 * @property {boolean} [webhookRetryOnError] deliver once more, webhookRetryDelayMs later, when a delivery is not
 *   answered 2xx or cannot connect (default false)
 * @property {number} [webhookRetries] retry a delivery not answered 2xx (or that cannot connect) every
 *   webhookRetryDelayMs, up to this many times, until one is answered 2xx (default 0; webhookRetryOnError counts as 1)
 * @property {boolean} [progressWebhooks] also call back when a task starts processing, as PiAPI does for progress (default false)
 * @property {number} [resultBytes] pad result images to about this many bytes (default 0 = no padding)
 * @property {boolean} [chunkedResults] send result images without Content-Length, chunked (default false)
 * @property {ResultContentType} [resultContentType] the Content-Type of result files (default 'actual': the body's type)
 * @property {'image'|'html'|'json'} [resultBody] what result URLs send with status 200 (default 'image': the result)
 * @property {boolean} [acceptDataUris] accept data: URIs as task images (default false: PiAPI documents plain base64)
 * @property {'creator'|'free'} [accountPlan] 'free' makes uploads answer 403 (default 'creator')
 * @property {number|null} [accountUsd] balance in /account/info's `equivalent_in_usd`; null leaves it out (default 10)
 * @property {number} [accountCredits] /account/info's `credits` and `credit_pack_info.available_credits` (default 1000000)
 * @property {number} [requestLogLimit] entries kept in requestLog() (default 5000)
 * @property {VideoRejection} [videoRejection] a target video PiAPI would refuse: 'task' = the task is created and
 *   fails, 'create' = the creation answers 400 (default 'task')
 * @property {number} [videoMsPerFrame] video tasks process for frames x this (jitter applied) (default 2)
 * @property {VideoOutputField} [videoOutputField] the output field of a finished video task (default 'video_url')
 * @property {number} [videoResultBytes] pad video results to this many bytes with an MP4 `free` box, streamed
 *   (default 0 = no padding)
 * @property {boolean} [videoUrlMustEndMp4] refuse a target_video URL whose path does not end with .mp4, as image URLs
 *   must end with their extension (default false: PiAPI states that rule for images only)
 */

/** @typedef {'actual'|'application/octet-stream'|'binary/octet-stream'|'none'|'wrong'} ResultContentType */

/** @typedef {Required<SimulatorOptions>} SimulatorConfig */

/**
 * A fault injected on a route.
 * @typedef {object} FaultSpec
 * @property {FaultRoute} route
 * @property {FaultKind} kind
 * @property {number} [times] how many requests it hits (default 1)
 * @property {number} [retryAfterSeconds] for '429-retry-after' (default 1)
 * @property {number} [delayMs] wait before answering ('slow': default 1000; 'slow-after-create': 65000; others: 0)
 */
/** @typedef {'create'|'get'|'cancel'|'legacyCreate'|'legacyFetch'|'result'|'account'|'upload'|'*'} FaultRoute */
/**
 * @typedef {'401'|'429'|'429-retry-after'|'403-html'|'404-html'|'500-html'|'502-html'|'malformed-json'|'empty-data'|'null-data'|'reset'|'slow'
 *   |'reset-after-create'|'500-after-create'|'malformed-json-after-create'|'slow-after-create'} FaultKind
 */

/**
 * Internal, mutable task record.
 * @typedef {object} Task
 * @property {string} id
 * @property {'unified'|'legacy'} api
 * @property {TaskStatus} status
 * @property {string} model
 * @property {string} taskType
 * @property {Record<string, unknown>} input
 * @property {Record<string, unknown>} config unified `config` as echoed back
 * @property {'url'|'base64'} resultType legacy result_type
 * @property {string|undefined} apiKey
 * @property {Required<TaskPlan>} plan
 * @property {number} createdAt
 * @property {number|null} startedAt
 * @property {number|null} endedAt
 * @property {number} polls
 * @property {number} pollsAfterFinal
 * @property {number|null} firstFinalPollAt
 * @property {string|null} errorMessage
 * @property {string|null} errorDetail
 * @property {Buffer|null} resultBytes
 * @property {number|null} resultSize bytes served: resultBytes plus a video's `free` box padding, if any
 * @property {string|null} resultMimeType
 * @property {string|null} resultExt
 * @property {VideoInfo|null} video the target video as read (video tasks)
 * @property {number} webhooksSent
 */

/**
 * What tasks() returns for each task.
 * @typedef {object} TaskSnapshot
 * @property {string} id
 * @property {'unified'|'legacy'} api
 * @property {TaskStatus} status always lowercase
 * @property {string} taskType
 * @property {Record<string, unknown>} input
 * @property {string|undefined} apiKey
 * @property {number} createdAt ms since epoch
 * @property {number|null} startedAt
 * @property {number|null} endedAt
 * @property {number} plannedProcessingMs processing time chosen at creation (jitter and plan hook applied)
 * @property {number} polls GET/fetch requests for this task
 * @property {number} pollsAfterFinal polls answered while the task was already final (incl. the first that saw it)
 * @property {number|null} firstFinalPollAt when a poll first reported the final status
 * @property {string|null} errorMessage
 * @property {Buffer|null} resultBytes unpadded (see resultSize)
 * @property {number|null} resultSize bytes a download gets: more than resultBytes when a video result is padded
 * @property {string|null} resultMimeType
 * @property {string|null} resultUrl
 * @property {VideoInfo|null} video the target video as read (video tasks whose video could be read)
 * @property {number} webhooksSent
 * @property {string} [webhookEndpoint] the callback endpoint the task was created with (unified), if any
 */

/**
 * @typedef {object} RequestLogEntry
 * @property {string} method
 * @property {string} path path and query as received
 * @property {Record<string, string|string[]|undefined>} headers
 * @property {unknown} body parsed JSON, or undefined
 * @property {number} at ms since epoch
 */

/**
 * What a route handler gets.
 * @typedef {object} RequestContext
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {URL} url
 * @property {string[]} params the route pattern's capture groups
 * @property {unknown} body parsed JSON body, or undefined
 * @property {string|undefined} apiKey the request's X-API-Key when it is a valid key
 */

/**
 * @typedef {object} Route
 * @property {string[]} methods
 * @property {RegExp} pattern matched against the URL path
 * @property {Exclude<FaultRoute, '*'>} [fault] the fault route name; routes without one are not PiAPI's (control, samples)
 * @property {boolean} [auth] requires a valid X-API-Key
 * @property {boolean} [internal] not counted nor logged (the /__simulator control endpoints)
 * @property {(context: RequestContext) => unknown} handle a create handler returns the task it made
 */

/**
 * What the route modules share.
 * @typedef {object} SimContext
 * @property {() => SimulatorConfig} getConfig
 * @property {() => string} baseUrl http://127.0.0.1:<port>
 * @property {import('./tasks').TaskStore} tasks
 * @property {ReturnType<import('./counters').createCounters>} counters
 * @property {import('./uploads').UploadStore} uploads
 * @property {Map<string, import('./samples').Sample>} samples
 * @property {import('./video-input').VideoSourceContext} videoSource where target videos are read from
 */

/**
 * @typedef {object} WebhookAnswer
 * @property {string} taskId
 * @property {number} status the HTTP status the receiver answered
 * @property {number} sentAt ms since epoch, when the delivery was sent
 * @property {number} answerMs how long the receiver took to answer
 */

module.exports = {};
