/**
 * Screen tests wait for conditions (findBy…, waitFor) against a real in-process server and
 * database; on a busy two-core machine an answer can take more than testing-library's default
 * second. A longer ceiling costs a passing test nothing: the wait ends when the condition holds.
 */
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 5_000 });
