// @ts-check
// The engine test harness: the built package run inside n8n's real engine, over real HTTP, nothing mocked.
const { readBinary, useBinaryMode } = require('./binary');
const { testCredential } = require('./credential-test');
const { HarnessCredentialsHelper } = require('./credentials');
const { N8N_CORE_VERSION, N8N_MAJOR, NODE_MAJOR, EXPECTED_NODE_MAJOR } = require('./engine');
const { packageFile } = require('./files');
const { INPUT_NODE_TYPE } = require('./input-node');
const { shutdown } = require('./lifecycle');
const { HarnessNodeTypes, createNodeTypes } = require('./node-types');
const { loadPackage, PACKAGE_DIR, PACKAGE_NAME } = require('./package');
const { runNode, SWAP_NODE_NAME, SWAP_NODE_TYPE, CREDENTIAL_TYPE } = require('./run-node');
const { runWorkflowJson } = require('./run-workflow');
const { MANUAL_TRIGGER_TYPE, STICKY_NOTE_TYPE } = require('./stand-ins');
const { waitUntil } = require('./wait');
const { runUntilWaiting } = require('./waiting');
const { startTriggerWebhook } = require('./webhook');

module.exports = {
	loadPackage,
	packageFile,
	createNodeTypes,
	HarnessNodeTypes,
	HarnessCredentialsHelper,
	runNode,
	runWorkflowJson,
	testCredential,
	readBinary,
	useBinaryMode,
	shutdown,
	waitUntil,
	startTriggerWebhook,
	runUntilWaiting,
	PACKAGE_DIR,
	PACKAGE_NAME,
	N8N_CORE_VERSION,
	N8N_MAJOR,
	NODE_MAJOR,
	EXPECTED_NODE_MAJOR,
	SWAP_NODE_NAME,
	SWAP_NODE_TYPE,
	CREDENTIAL_TYPE,
	INPUT_NODE_TYPE,
	MANUAL_TRIGGER_TYPE,
	STICKY_NOTE_TYPE,
};
