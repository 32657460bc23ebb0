/** Run orchestration: plans, the durable journal, resume, provenance. */
package org.samplesize.experiment;
